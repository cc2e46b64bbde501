import { sql } from 'kysely';
import {
  findEntity,
  isEntityReference,
  normalizeFieldValues,
  parentLookups,
  recordToRow,
  rowToFields,
  type EntitySchema,
  type FieldValues,
} from '@fieldsync/model';
import { controllingEntities, controllingRecord } from '../access/parental-chain';
import { StoreNotFoundError } from '../errors/store-errors';
import { resolveOwner } from '../org/organization';
import type { OwnerMemo } from '../org/owner-memo';
import type { RuleContext, RuleTarget } from '../rules/server-rule';
import { OWNING_BU_COLUMN, VERSION_COLUMN, type StoreCore, type StoreExecutor } from './store-core';

/** Merges the fields the active rules compute from a full row. */
function withComputedFields(core: StoreCore, entity: EntitySchema, row: FieldValues): FieldValues {
  let result = row;
  for (const rule of core.activeRules()) if (rule.computeFields) result = { ...result, ...rule.computeFields(entity.name, result) };
  return result;
}

/** Runs the rules' recomputations for the records a change affected, in the same transaction. */
export async function runAffectedRules(
  core: StoreCore,
  executor: StoreExecutor,
  entity: EntitySchema,
  before: FieldValues | undefined,
  after: FieldValues | undefined,
): Promise<void> {
  for (const rule of core.activeRules()) {
    if (!rule.affected || !rule.recompute) continue;
    for (const target of rule.affected(entity.name, before, after)) await rule.recompute(ruleContext(core, executor), target);
  }
}

/** Recomputes given targets once each (after a bulk insert). */
export async function recomputeTargets(core: StoreCore, executor: StoreExecutor, targets: readonly RuleTarget[]): Promise<void> {
  for (const rule of core.activeRules()) {
    if (!rule.recompute) continue;
    for (const target of targets) await rule.recompute(ruleContext(core, executor), target);
  }
}

function ruleContext(core: StoreCore, executor: StoreExecutor): RuleContext {
  return {
    async get(entityName, id) {
      const entity = core.entity(entityName);
      const row = await core.getRow(executor, entity, id);
      return row && (rowToFields(entity, row) as FieldValues);
    },
    async children(entityName, field, id) {
      const entity = core.entity(entityName);
      const rows = await executor.selectFrom(entity.name).selectAll().where(field, '=', id).execute();
      return rows.map((row) => rowToFields(entity, row) as FieldValues);
    },
    async update(entityName, id, fields) {
      await updateRecord(core, executor, core.entity(entityName), id, fields);
    },
  };
}

/**
 * Inserts a record as the system: stamps version, createdon/modifiedon, owner and owning business unit. Answers the stored row.
 * `owners`: the write batch's memo of resolved owners, if called from one.
 */
export async function insertRecord(
  core: StoreCore,
  executor: StoreExecutor,
  entity: EntitySchema,
  id: string,
  input: FieldValues,
  ownerId: string | undefined,
  owners?: OwnerMemo,
): Promise<Record<string, unknown>> {
  const ownerField = core.ownerField(entity);
  let fields: FieldValues = normalizeFieldValues(entity, { ...input, [entity.primaryKey]: id });
  let owningBu: string | null = null;
  if (ownerField) {
    const given = fields[ownerField.name];
    const owner = isEntityReference(given) ? given.id : ownerId;
    if (owner === undefined) throw new StoreNotFoundError('owner', '(none given)');
    const resolved = owners ? await owners.resolve(core, executor, owner) : await resolveOwner(core, owner, executor);
    if (!resolved) throw new StoreNotFoundError('owner', owner);
    fields = { ...fields, [ownerField.name]: { entity: resolved.entity, id: owner } };
    owningBu = resolved.businessUnitId;
  }
  fields = withComputedFields(core, entity, fields);
  const version = await core.reserveVersions(executor);
  const now = core.nowIso();
  const row = { ...recordToRow(entity, fields), createdon: now, modifiedon: now, [VERSION_COLUMN]: version, [OWNING_BU_COLUMN]: owningBu };
  await executor.insertInto(entity.name).values(row).execute();
  await runAffectedRules(core, executor, entity, undefined, fields);
  return (await core.getRow(executor, entity, id)) as Record<string, unknown>;
}

/**
 * Updates a record as the system: merges the fields, recomputes rule fields, stamps a new version
 * and modifiedon; an owner change moves the owning business unit and is logged as an assignment.
 * `owners`: the write batch's memo of resolved owners, if called from one.
 */
export async function updateRecord(
  core: StoreCore,
  executor: StoreExecutor,
  entity: EntitySchema,
  id: string,
  input: FieldValues,
  owners?: OwnerMemo,
): Promise<Record<string, unknown>> {
  const current = await core.getRow(executor, entity, id);
  if (!current) throw new StoreNotFoundError(entity.name, id);
  const before = rowToFields(entity, current) as FieldValues;
  let changes: FieldValues = normalizeFieldValues(entity, input);
  const ownerField = core.ownerField(entity);
  const extra: Record<string, unknown> = {};
  let assignment: { oldOwner: unknown; oldBu: unknown; newOwner: string; newBu: string } | undefined;
  if (ownerField && isEntityReference(changes[ownerField.name])) {
    const newOwner = (changes[ownerField.name] as { id: string }).id;
    if (newOwner !== current[ownerField.name]) {
      const resolved = owners ? await owners.resolve(core, executor, newOwner) : await resolveOwner(core, newOwner, executor);
      if (!resolved) throw new StoreNotFoundError('owner', newOwner);
      changes = { ...changes, [ownerField.name]: { entity: resolved.entity, id: newOwner } };
      extra[OWNING_BU_COLUMN] = resolved.businessUnitId;
      assignment = { oldOwner: current[ownerField.name], oldBu: current[OWNING_BU_COLUMN], newOwner, newBu: resolved.businessUnitId };
    }
  }
  const merged = withComputedFields(core, entity, { ...before, ...changes });
  const computed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(merged)) if (value !== before[name] || name in changes) computed[name] = value;
  const version = await core.reserveVersions(executor);
  const set: Record<string, unknown> = { ...recordToRow(entity, computed as FieldValues), ...extra, modifiedon: core.nowIso(), [VERSION_COLUMN]: version };
  delete set[entity.primaryKey];
  await executor.updateTable(entity.name).set(set).where(entity.primaryKey, '=', id).execute();
  if (assignment) {
    const logVersion = await core.reserveVersions(executor);
    await sql`insert into fs_access_log (version, entity, recordid, kind, principalid, oldownerid, oldowningbu, newownerid, newowningbu, at)
      values (${logVersion}, ${entity.name}, ${id}, 'assign', null, ${assignment.oldOwner as string | null}, ${assignment.oldBu as string | null},
      ${assignment.newOwner}, ${assignment.newBu}, ${core.nowIso()})`.execute(executor);
  }
  await runAffectedRules(core, executor, entity, before, merged);
  return (await core.getRow(executor, entity, id)) as Record<string, unknown>;
}

/**
 * Deletes a record as the system, leaving a tombstone (with the owner, business unit and shares at
 * delete time), and cascades to children whose parent lookup points at it (a quote's details).
 */
export async function deleteRecord(core: StoreCore, executor: StoreExecutor, entity: EntitySchema, id: string): Promise<void> {
  const current = await core.getRow(executor, entity, id);
  if (!current) throw new StoreNotFoundError(entity.name, id);
  for (const child of core.schema.entities) {
    for (const lookup of parentLookups(child)) {
      if (!(lookup.targets ?? []).includes(entity.name)) continue;
      const rows = await executor
        .selectFrom(child.name)
        .select(child.primaryKey)
        .where(lookup.name, '=', id)
        .where(`${lookup.name}_target`, '=', entity.name)
        .execute();
      for (const row of rows) await deleteRecord(core, executor, child, String(row[child.primaryKey]));
    }
  }
  // A parental child's tombstone keeps its controlling parent's owner and shares, which decided who saw it.
  const control = await controllingRecord(core, executor, entity, current);
  const accessEntity = control?.entity ?? findEntity(core.schema, controllingEntities(core, entity).at(-1) ?? entity.name) ?? entity;
  const accessRow = control?.row ?? {};
  const ownerField = core.ownerField(accessEntity);
  const accessId = accessRow[accessEntity.primaryKey] as string | undefined;
  const shares =
    accessId === undefined
      ? { rows: [] }
      : await sql<{ principalid: string }>`select principalid from fs_share where entity = ${accessEntity.name} and recordid = ${accessId}`.execute(executor);
  const version = await core.reserveVersions(executor);
  await sql`insert into fs_tombstone (version, entity, recordid, deletedat, ownerid, owningbu, sharedwith, accessentity) values (${version}, ${entity.name}, ${id},
    ${core.nowIso()}, ${ownerField ? ((accessRow[ownerField.name] ?? null) as string | null) : null}, ${(accessRow[OWNING_BU_COLUMN] ?? null) as string | null},
    ${JSON.stringify(shares.rows.map((s) => s.principalid))}, ${accessEntity.name === entity.name ? null : accessEntity.name})`.execute(executor);
  await executor.deleteFrom(entity.name).where(entity.primaryKey, '=', id).execute();
  await sql`delete from fs_share where entity = ${entity.name} and recordid = ${id}`.execute(executor);
  await sql`delete from fs_attachment where entity in (${entity.name}, ${`${entity.name}/entityimage`}) and recordid = ${id}`.execute(executor);
  await runAffectedRules(core, executor, entity, rowToFields(entity, current) as FieldValues, undefined);
}

/** True when a record with that id exists in `entityName` (entity tables, or users/teams/business units for owner-like targets). */
export async function referenceExists(core: StoreCore, executor: StoreExecutor, entityName: string, id: string): Promise<boolean> {
  const system: Record<string, string> = { systemuser: 'fs_user', team: 'fs_team', businessunit: 'fs_businessunit' };
  const entity = findEntity(core.schema, entityName);
  if (entity) return (await core.getRow(executor, entity, id)) !== undefined;
  const table = system[entityName];
  if (!table) return false;
  return (await sql`select 1 from ${sql.table(table)} where id = ${id}`.execute(executor)).rows.length > 0;
}
