import { isEntityReference, normalizeFieldValues, recordToRow, type FieldValues } from '@fieldsync/model';
import type { InsertManyOptions } from '../api/crm-store';
import { StoreNotFoundError } from '../errors/store-errors';
import { resolveOwner } from '../org/organization';
import type { RuleTarget } from '../rules/server-rule';
import { recomputeTargets } from '../store/record-mutations';
import { OWNING_BU_COLUMN, VERSION_COLUMN, type StoreCore } from '../store/store-core';

/** Rows per transaction when seeding: large enough to be fast, small enough to keep the WAL bounded. */
const ROWS_PER_TRANSACTION = 20_000;
/** SQLite's default limit on bound parameters in one statement. */
const MAX_PARAMETERS = 32_766;
const MAX_ROWS_PER_STATEMENT = 500;

/**
 * Inserts rows as the system with multi-row INSERT statements (hundreds of rows each, under SQLite's
 * parameter limit) in 20,000-row transactions; every row gets its own version from the counter.
 * Rule fields are computed per row; affected parents are recomputed once each at the end.
 */
export async function insertMany(core: StoreCore, entityName: string, rows: readonly FieldValues[], options: InsertManyOptions = {}): Promise<string[]> {
  const entity = core.entity(entityName);
  const ownerField = core.ownerField(entity);
  const rules = core.activeRules();
  let owner: { id: string; entity: string; businessUnitId: string } | undefined;
  if (ownerField) {
    const ownerId = options.ownerId;
    if (ownerId === undefined) throw new StoreNotFoundError('owner', '(insertMany needs ownerId for an owned entity)');
    const resolved = await resolveOwner(core, ownerId);
    if (!resolved) throw new StoreNotFoundError('owner', ownerId);
    owner = { id: ownerId, entity: resolved.entity, businessUnitId: resolved.businessUnitId };
  }
  const createdon = options.createdon ?? core.nowIso();
  const ids: string[] = [];
  const targets = new Map<string, RuleTarget>();
  const prepared = rows.map((input) => {
    const pk = input[entity.primaryKey];
    const id = typeof pk === 'string' && pk !== '' ? pk : core.newId();
    ids.push(id);
    let fields: FieldValues = normalizeFieldValues(entity, { ...input, [entity.primaryKey]: id });
    let bu: string | null = null;
    if (ownerField && owner) {
      const given = fields[ownerField.name];
      if (!isEntityReference(given)) fields = { ...fields, [ownerField.name]: { entity: owner.entity, id: owner.id } };
      bu = owner.businessUnitId;
    }
    for (const rule of rules) {
      if (rule.computeFields) fields = { ...fields, ...rule.computeFields(entity.name, fields) };
      for (const target of rule.affected?.(entity.name, undefined, fields) ?? []) targets.set(`${target.entity}:${target.id}`, target);
    }
    return { row: recordToRow(entity, fields), bu };
  });
  const columns = new Set<string>();
  for (const { row } of prepared) for (const column of Object.keys(row)) columns.add(column);
  const columnCount = columns.size + 4;
  const perStatement = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / columnCount)));
  for (let start = 0; start < prepared.length; start += ROWS_PER_TRANSACTION) {
    const slice = prepared.slice(start, start + ROWS_PER_TRANSACTION);
    await core.db.transaction().execute(async (trx) => {
      let version = await core.reserveVersions(trx, slice.length);
      for (let offset = 0; offset < slice.length; offset += perStatement) {
        const values = slice.slice(offset, offset + perStatement).map(({ row, bu }) => {
          const full: Record<string, unknown> = {};
          for (const column of columns) full[column] = row[column] ?? null;
          return { ...full, createdon, modifiedon: createdon, [OWNING_BU_COLUMN]: bu, [VERSION_COLUMN]: version++ };
        });
        await trx.insertInto(entity.name).values(values).execute();
      }
      if (start + ROWS_PER_TRANSACTION >= prepared.length && targets.size > 0) await recomputeTargets(core, trx, [...targets.values()]);
    });
  }
  return ids;
}
