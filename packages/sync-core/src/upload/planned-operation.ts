import type { WriteOperation } from '@fieldsync/connector-api';

/** A write operation planned from the change log, with the changes it carries. */
export interface PlannedOperation {
  readonly operation: WriteOperation;
  readonly entity: string;
  /** The record's device id when planned (a create's id before the server assigns one). */
  readonly recordId: string;
  /** Change-log sequence numbers this operation carries: removed once the server applied it. */
  readonly seqs: readonly number[];
  /** Lookup values left out of this operation because their target is not on the server yet; queued again as an update once it succeeds. */
  readonly deferred?: Readonly<Record<string, { entity: string; id: string }>>;
  /** Records not yet on the server that this operation's lookups point at. */
  readonly dependsOn: readonly string[];
}

/** Key of a record across entities in the planner's sets. */
export function recordKey(entity: string, id: string): string {
  return `${entity}\u0000${id}`;
}
