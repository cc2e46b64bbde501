import type { WriteConflict, WriteOperation } from '@fieldsync/connector-api';
import { isEntityReference, type ConflictPolicy, type FieldValue, type FieldValues } from '@fieldsync/model';

/** What to do with a local change that met a newer server version. */
export type ConflictOutcome =
  /** Drop the local change and take the server record. */
  | { readonly action: 'take-server' }
  /** Send the change again over the server's version. */
  | { readonly action: 'resend'; readonly operation: WriteOperation }
  /** Keep the change for the user to resolve; nothing is sent. */
  | { readonly action: 'keep'; readonly reason: string };

function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (isEntityReference(a) && isEntityReference(b)) return a.entity === b.entity && a.id === b.id;
  return (a ?? null) === (b ?? null);
}

/** Fields whose server value differs from the base the device changed. */
export function serverChangedFields(base: FieldValues, server: FieldValues): string[] {
  return Object.keys(server).filter((name) => Object.prototype.hasOwnProperty.call(base, name) && !sameValue(base[name], server[name]));
}

/**
 * Applies the entity's conflict policy to an operation the server refused as stale. FieldMerge resends
 * an update when the two sides changed different fields (judged against the base the device last
 * synced) and keeps it for the user otherwise, as it does for a delete or when no base is known.
 */
export function resolveConflict(input: {
  policy: ConflictPolicy;
  operation: WriteOperation;
  conflict: WriteConflict;
  base?: FieldValues;
  resendKey: string;
}): ConflictOutcome {
  const { policy, operation, conflict } = input;
  const serverVersion = conflict.serverRecord.version;
  const resend = (): ConflictOutcome =>
    operation.kind === 'create' || operation.kind === 'associate' || operation.kind === 'disassociate'
      ? { action: 'keep', reason: 'the server refused a create or association as stale' }
      : { action: 'resend', operation: { ...operation, idempotencyKey: input.resendKey, ...(serverVersion ? { baseVersion: serverVersion } : {}) } };
  switch (policy) {
    case 'ServerWins':
      return { action: 'take-server' };
    case 'ClientWins':
      return resend();
    case 'Manual':
      return { action: 'keep', reason: 'the record changed on the server too (policy Manual)' };
    case 'FieldMerge': {
      if (operation.kind !== 'update') return { action: 'keep', reason: `a ${operation.kind} met a server change; field merge needs two updates` };
      if (!input.base) return { action: 'keep', reason: 'no synced base of the record is known to merge against' };
      const theirs = new Set(serverChangedFields(input.base, conflict.serverRecord.fields));
      const overlap = Object.keys(operation.fields).filter((name) => theirs.has(name));
      if (overlap.length > 0) return { action: 'keep', reason: `both sides changed ${overlap.join(', ')}` };
      return resend();
    }
  }
}
