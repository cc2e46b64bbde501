import { sql } from 'kysely';
import {
  findEntity,
  isEntityReference,
  isReferenceType,
  parentalControl,
  recordIdProblem,
  validateFieldValues,
  type CrmRecord,
  type EntitySchema,
  type FieldValues,
} from '@fieldsync/model';
import type { Principal } from '../api/principal';
import type { StorePermissions, StorePrivilegeDepth } from '../api/privileges';
import type { StoreWriteOperation, StoreWriteOptions, StoreWriteResult } from '../api/write-operations';
import { countCall } from '../access/read-access';
import { hasRecordAccess } from '../access/record-access';
import { resolvePermissions } from '../access/resolve-permissions';
import { ownerInScope, readableFields } from '../access/visibility';
import { OwnerMemo } from '../org/owner-memo';
import { deleteRecord, insertRecord, referenceExists, updateRecord } from '../store/record-mutations';
import { OWNING_BU_COLUMN, type StoreCore, type StoreExecutor } from '../store/store-core';

type Failed = Extract<StoreWriteResult, { status: 'failed' }>;
type Privilege = 'create' | 'read' | 'write' | 'delete' | 'append' | 'appendTo';

class Rollback extends Error {}

const fail = (op: StoreWriteOperation, code: string, message: string, field?: string, id?: string): Failed => ({
  status: 'failed',
  idempotencyKey: op.idempotencyKey,
  id: id ?? ('id' in op ? op.id : undefined),
  error: { code, message, ...(field !== undefined ? { field } : {}), retryable: false },
});

/**
 * Applies a batch as a principal in one transaction, each operation in its own savepoint. A repeated
 * idempotency key of the same user answers the stored result with `replayed: true`. With `allOrNone`,
 * the first operation that does not succeed rolls everything back and the others answer `ROLLED_BACK`.
 */
export async function applyWriteBatch(
  core: StoreCore,
  principal: Principal,
  operations: readonly StoreWriteOperation[],
  options: StoreWriteOptions = {},
): Promise<StoreWriteResult[]> {
  countCall(core, principal);
  const permissions = await resolvePermissions(core, principal);
  const results: StoreWriteResult[] = [];
  const owners = new OwnerMemo();
  let failedIndex = -1;
  try {
    await core.db.transaction().execute(async (trx) => {
      for (const [index, op] of operations.entries()) {
        const result = await applyOne(core, trx, principal, permissions, op, index, owners);
        results.push(result);
        core.metrics.writes++;
        if (options.allOrNone && result.status !== 'ok') {
          failedIndex = index;
          throw new Rollback();
        }
      }
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
    return operations.map((op, index) =>
      index === failedIndex
        ? results[index]
        : {
            ...fail(op, 'ROLLED_BACK', ''),
            error: { code: 'ROLLED_BACK', message: `rolled back: operation ${failedIndex} of the all-or-none batch did not succeed`, retryable: true },
          },
    );
  }
  return results;
}

async function applyOne(
  core: StoreCore,
  trx: StoreExecutor,
  principal: Principal,
  permissions: StorePermissions,
  op: StoreWriteOperation,
  index: number,
  owners: OwnerMemo,
): Promise<StoreWriteResult> {
  const stored = (
    await sql<{ result: string }>`select result from fs_idempotency where userid = ${principal.userId} and key = ${op.idempotencyKey}`.execute(trx)
  ).rows[0];
  if (stored) return { ...(JSON.parse(stored.result) as StoreWriteResult), replayed: true } as StoreWriteResult;
  const savepoint = sql.raw(`"op${index}"`);
  await sql`savepoint ${savepoint}`.execute(trx);
  let result: StoreWriteResult;
  try {
    result = await dispatch(core, trx, principal, permissions, op, owners);
  } catch (error) {
    result = fail(op, 'INTERNAL', error instanceof Error ? error.message : String(error));
  }
  if (result.status === 'ok') {
    await sql`insert into fs_idempotency (userid, key, result, at) values (${principal.userId}, ${op.idempotencyKey}, ${JSON.stringify(result)}, ${core.nowIso()})`.execute(
      trx,
    );
    await sql`release ${savepoint}`.execute(trx);
  } else {
    await sql`rollback to ${savepoint}`.execute(trx);
    await sql`release ${savepoint}`.execute(trx);
  }
  return result;
}

function depthOf(permissions: StorePermissions, entity: string, privilege: Privilege): StorePrivilegeDepth {
  return permissions.entities[entity]?.[privilege] ?? 'none';
}

async function dispatch(
  core: StoreCore,
  trx: StoreExecutor,
  principal: Principal,
  permissions: StorePermissions,
  op: StoreWriteOperation,
  owners: OwnerMemo,
): Promise<StoreWriteResult> {
  const entity = findEntity(core.schema, op.entity);
  if (!entity) return fail(op, 'UNKNOWN_ENTITY', `unknown entity '${op.entity}'`);
  switch (op.kind) {
    case 'create':
      return create(core, trx, principal, permissions, entity, op, owners);
    case 'update':
      return change(core, trx, principal, permissions, entity, op, op.fields, false, owners);
    case 'setState': {
      const state = entity.fields.find((f) => f.type === 'state');
      const status = entity.fields.find((f) => f.type === 'status');
      if (!state || !status) return fail(op, 'VALIDATION_FAILED', `entity '${entity.name}' has no state and status fields`);
      return change(core, trx, principal, permissions, entity, op, { [state.name]: op.state, [status.name]: op.status }, true, owners);
    }
    case 'delete':
      return remove(core, trx, principal, permissions, entity, op);
    case 'associate':
    case 'disassociate':
      return associate(core, trx, principal, permissions, op);
  }
}

function recordFor(core: StoreCore, entity: EntitySchema, permissions: StorePermissions, row: Record<string, unknown>): CrmRecord {
  const record = core.toRecord(entity, row);
  return { ...record, fields: readableFields(entity, permissions, record.fields) };
}

/** Validation, field-level security and lookup checks shared by create and update; a failure or undefined. */
async function checkFields(
  core: StoreCore,
  trx: StoreExecutor,
  principal: Principal,
  permissions: StorePermissions,
  entity: EntitySchema,
  op: StoreWriteOperation,
  fields: FieldValues,
  mode: 'create' | 'update',
  allowReadOnly: boolean,
  owners: OwnerMemo,
): Promise<Failed | undefined> {
  // On create the primary key is the record's id (it may be marked required in the schema).
  const checked = mode === 'create' && op.id !== undefined ? { ...fields, [entity.primaryKey]: op.id } : fields;
  const issues = validateFieldValues(entity, checked, { mode, allowReadOnly });
  if (issues.length > 0) {
    const field = issues[0].path.replace(/^fields\./, '');
    return fail(op, 'VALIDATION_FAILED', issues.map((i) => `${i.path}: ${i.message}`).join('; '), field);
  }
  // A parental child without its parent would be out of everyone's reach: it needs one on create, and keeps one.
  const control = parentalControl(entity);
  if (control && (mode === 'create' || control.name in fields) && !isEntityReference(fields[control.name])) {
    return fail(op, 'VALIDATION_FAILED', `${entity.name} is controlled by its parent: ${control.name} must point at a record`, control.name);
  }
  const secured = permissions.fields[entity.name] ?? {};
  for (const name of Object.keys(fields)) {
    const permission = secured[name];
    if (permission && !(mode === 'create' ? permission.create : permission.update)) {
      return fail(op, 'PERMISSION_DENIED', `field-level security: no ${mode} permission on ${entity.name}.${name}`, name);
    }
  }
  for (const field of entity.fields) {
    const value = fields[field.name];
    if (!isReferenceType(field.type) || !isEntityReference(value)) continue;
    const exists = field.type === 'owner' ? await owners.ownerExists(core, trx, value.entity, value.id) : undefined;
    if (!(exists ?? (await referenceExists(core, trx, value.entity, value.id)))) {
      return fail(op, 'REFERENCE_NOT_FOUND', `${entity.name}.${field.name} points at ${value.entity} '${value.id}', which does not exist`, field.name);
    }
    if (field.type === 'owner') continue;
    if (depthOf(permissions, entity.name, 'append') === 'none') return fail(op, 'PERMISSION_DENIED', `no append privilege on ${entity.name}`, field.name);
    const target = findEntity(core.schema, value.entity);
    if (target) {
      if (!(await hasRecordAccess(core, trx, principal, permissions, target, value.id, 'appendTo'))) {
        return fail(op, 'PERMISSION_DENIED', `no appendTo privilege on ${target.name} '${value.id}'`, field.name);
      }
      // A parental child is created under (or moved to) a parent only by a user who may write that parent.
      if (control?.name === field.name && !(await hasRecordAccess(core, trx, principal, permissions, target, value.id, 'write'))) {
        return fail(op, 'PERMISSION_DENIED', `${entity.name} is controlled by its parent: no write privilege on ${target.name} '${value.id}'`, field.name);
      }
    }
  }
  return undefined;
}

async function create(
  core: StoreCore,
  trx: StoreExecutor,
  principal: Principal,
  permissions: StorePermissions,
  entity: EntitySchema,
  op: Extract<StoreWriteOperation, { kind: 'create' }>,
  owners: OwnerMemo,
): Promise<StoreWriteResult> {
  const depth = depthOf(permissions, entity.name, 'create');
  if (depth === 'none') return fail(op, 'PERMISSION_DENIED', `no create privilege on ${entity.name}`);
  const pkValue = op.fields[entity.primaryKey];
  const id = op.id ?? (typeof pkValue === 'string' && pkValue !== '' ? pkValue : core.newId());
  // Defence behind the API edge: an id is an opaque token, never a path, a URL or a line of text.
  const idProblem = recordIdProblem(id, 'token');
  if (idProblem) return fail(op, 'VALIDATION_FAILED', `the record id ${idProblem}`, entity.primaryKey);
  const fields = { ...op.fields };
  delete (fields as Record<string, unknown>)[entity.primaryKey];
  const problem = await checkFields(core, trx, principal, permissions, entity, { ...op, id }, fields, 'create', false, owners);
  if (problem) return { ...problem, id };
  const ownerField = core.ownerField(entity);
  if (ownerField) {
    const given = fields[ownerField.name];
    const ownerId = isEntityReference(given) ? given.id : principal.userId;
    const owner = await owners.resolve(core, trx, ownerId);
    if (!owner || !ownerInScope(principal, depth, ownerId, owner.businessUnitId)) {
      return fail(op, 'PERMISSION_DENIED', `create privilege on ${entity.name} does not reach owner '${ownerId}'`, ownerField.name, id);
    }
  }
  if (await core.getRow(trx, entity, id)) return fail(op, 'DUPLICATE_RECORD', `${entity.name} '${id}' already exists`, entity.primaryKey, id);
  const row = await insertRecord(core, trx, entity, id, fields, principal.userId, owners);
  const record = recordFor(core, entity, permissions, row);
  return { status: 'ok', idempotencyKey: op.idempotencyKey, id, version: record.version, record, replayed: false };
}

/** Loads the target of update/delete/setState and checks existence, privilege depth and base version. */
async function target(
  core: StoreCore,
  trx: StoreExecutor,
  principal: Principal,
  permissions: StorePermissions,
  entity: EntitySchema,
  op: Extract<StoreWriteOperation, { kind: 'update' | 'delete' | 'setState' }>,
  privilege: 'write' | 'delete',
): Promise<{ row: Record<string, unknown> } | { result: StoreWriteResult }> {
  const row = await core.getRow(trx, entity, op.id);
  if (!row) return { result: { status: 'not-found', idempotencyKey: op.idempotencyKey, id: op.id } };
  // An owned row is judged on the row already read; a parental child by one query on its parent record.
  const control = parentalControl(entity);
  const ownerField = core.ownerField(entity);
  const allowed = control
    ? await hasRecordAccess(core, trx, principal, permissions, entity, op.id, privilege)
    : ownerField
      ? ownerInScope(principal, depthOf(permissions, entity.name, privilege), row[ownerField.name], row[OWNING_BU_COLUMN])
      : depthOf(permissions, entity.name, privilege) !== 'none';
  if (!allowed) {
    const through = control ? ` (controlled by its parent through ${control.name})` : '';
    return { result: fail(op, 'PERMISSION_DENIED', `no ${privilege} privilege on ${entity.name} '${op.id}'${through}`) };
  }
  if (op.baseVersion !== undefined && op.baseVersion !== String(row['versionnumber'])) {
    return { result: { status: 'conflict', idempotencyKey: op.idempotencyKey, id: op.id, serverRecord: recordFor(core, entity, permissions, row) } };
  }
  return { row };
}

async function change(
  core: StoreCore,
  trx: StoreExecutor,
  principal: Principal,
  permissions: StorePermissions,
  entity: EntitySchema,
  op: Extract<StoreWriteOperation, { kind: 'update' | 'setState' }>,
  fields: FieldValues,
  allowReadOnly: boolean,
  owners: OwnerMemo,
): Promise<StoreWriteResult> {
  const found = await target(core, trx, principal, permissions, entity, op, 'write');
  if ('result' in found) return found.result;
  const changes = { ...fields };
  delete (changes as Record<string, unknown>)[entity.primaryKey];
  const problem = await checkFields(core, trx, principal, permissions, entity, op, changes, 'update', allowReadOnly, owners);
  if (problem) return problem;
  const row = await updateRecord(core, trx, entity, op.id, changes, owners);
  const record = recordFor(core, entity, permissions, row);
  return { status: 'ok', idempotencyKey: op.idempotencyKey, id: op.id, version: record.version, record, replayed: false };
}

async function remove(
  core: StoreCore,
  trx: StoreExecutor,
  principal: Principal,
  permissions: StorePermissions,
  entity: EntitySchema,
  op: Extract<StoreWriteOperation, { kind: 'delete' }>,
): Promise<StoreWriteResult> {
  const found = await target(core, trx, principal, permissions, entity, op, 'delete');
  if ('result' in found) return found.result;
  await deleteRecord(core, trx, entity, op.id);
  return { status: 'ok', idempotencyKey: op.idempotencyKey, id: op.id, replayed: false };
}

async function associate(
  core: StoreCore,
  trx: StoreExecutor,
  principal: Principal,
  permissions: StorePermissions,
  op: Extract<StoreWriteOperation, { kind: 'associate' | 'disassociate' }>,
): Promise<StoreWriteResult> {
  const relationship = findEntity(core.schema, op.relationship);
  if (!relationship) return fail(op, 'UNKNOWN_ENTITY', `unknown relationship '${op.relationship}'`);
  const lookups = relationship.fields.filter((f) => f.type === 'lookup');
  const from = lookups.find((f) => (f.targets ?? []).includes(op.entity));
  const to = lookups.find((f) => f !== from && (f.targets ?? []).includes(op.relatedEntity));
  if (!from || !to) return fail(op, 'VALIDATION_FAILED', `relationship '${op.relationship}' does not link ${op.entity} and ${op.relatedEntity}`);
  if (depthOf(permissions, op.entity, 'append') === 'none' || depthOf(permissions, op.relatedEntity, 'appendTo') === 'none') {
    return fail(op, 'PERMISSION_DENIED', `no append/appendTo privilege to link ${op.entity} and ${op.relatedEntity}`);
  }
  for (const [entityName, id] of [
    [op.entity, op.id],
    [op.relatedEntity, op.relatedId],
  ] as const) {
    if (!(await referenceExists(core, trx, entityName, id))) return { status: 'not-found', idempotencyKey: op.idempotencyKey, id };
  }
  const existing = await trx
    .selectFrom(relationship.name)
    .select(relationship.primaryKey)
    .where(from.name, '=', op.id)
    .where(to.name, '=', op.relatedId)
    .executeTakeFirst();
  if (op.kind === 'associate') {
    if (existing) return { status: 'ok', idempotencyKey: op.idempotencyKey, id: String(existing[relationship.primaryKey]), replayed: false };
    const id = core.newId();
    await insertRecord(
      core,
      trx,
      relationship,
      id,
      { [from.name]: { entity: op.entity, id: op.id }, [to.name]: { entity: op.relatedEntity, id: op.relatedId } },
      principal.userId,
    );
    return { status: 'ok', idempotencyKey: op.idempotencyKey, id, replayed: false };
  }
  if (!existing) return { status: 'not-found', idempotencyKey: op.idempotencyKey, id: op.id };
  const id = String(existing[relationship.primaryKey]);
  await deleteRecord(core, trx, relationship, id);
  return { status: 'ok', idempotencyKey: op.idempotencyKey, id, replayed: false };
}
