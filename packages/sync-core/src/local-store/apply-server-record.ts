import { recordToRow, type CrmRecord, type EntitySchema, type FieldValues } from '@fieldsync/model';
import type { LocalExecutor } from './local-db';
import { GENERATION_COLUMN, SYSTEM_TABLES, VERSION_COLUMN } from './system-tables';

/** Only the fields the device keeps for this entity. */
export function localFields(schema: EntitySchema, fields: FieldValues, except?: ReadonlySet<string>): FieldValues {
  const kept: Record<string, FieldValues[string]> = {};
  for (const field of schema.fields) {
    if (except?.has(field.name)) continue;
    const value = fields[field.name];
    if (value !== undefined) kept[field.name] = value;
  }
  return kept;
}

/**
 * Writes the server's record into the device table (insert or replace its fields and version).
 * `keepLocal` names fields with local changes still queued: their device values stay.
 */
export async function applyServerRecord(
  db: LocalExecutor,
  schema: EntitySchema,
  record: CrmRecord,
  options: { keepLocal?: ReadonlySet<string>; generation?: number } = {},
): Promise<void> {
  const row: Record<string, unknown> = {
    ...recordToRow(schema, localFields(schema, record.fields, options.keepLocal)),
    [schema.primaryKey]: record.id,
    [VERSION_COLUMN]: record.version ?? null,
  };
  if (options.generation !== undefined) row[GENERATION_COLUMN] = options.generation;
  const { [schema.primaryKey]: _key, ...updates } = row;
  await db
    .insertInto(schema.name)
    .values(row)
    .onConflict((oc) => oc.column(schema.primaryKey).doUpdateSet(updates))
    .execute();
}

/**
 * Writes the server's fields and version into a record the device holds (nothing when it is gone);
 * `keepLocal` names fields with local changes still queued, which keep their device values.
 */
export async function updateFromServer(db: LocalExecutor, schema: EntitySchema, record: CrmRecord, keepLocal?: ReadonlySet<string>): Promise<void> {
  const values: Record<string, unknown> = { ...recordToRow(schema, localFields(schema, record.fields, keepLocal)), [VERSION_COLUMN]: record.version ?? null };
  delete values[schema.primaryKey];
  await db.updateTable(schema.name).set(values).where(schema.primaryKey, '=', record.id).execute();
}

/** Forgets the field-merge base of a record (its local changes are all on the server, or given up). */
export async function dropShadow(db: LocalExecutor, entity: string, id: string): Promise<void> {
  await db.deleteFrom(SYSTEM_TABLES.shadow).where('entity', '=', entity).where('record_id', '=', id).execute();
}

/** The record as last synced, kept when the device first changed it; undefined when none was kept. */
export async function readShadow(db: LocalExecutor, entity: string, id: string): Promise<{ version: string | null; fields: FieldValues } | undefined> {
  const row = await db
    .selectFrom(SYSTEM_TABLES.shadow)
    .select(['version', 'fields'])
    .where('entity', '=', entity)
    .where('record_id', '=', id)
    .executeTakeFirst();
  return row ? { version: (row.version as string | null) ?? null, fields: JSON.parse(row.fields as string) as FieldValues } : undefined;
}

/** Replaces a record's field-merge base with the server's record (the new base for queued changes). */
export async function writeShadow(db: LocalExecutor, schema: EntitySchema, record: CrmRecord): Promise<void> {
  const values = { version: record.version ?? null, fields: JSON.stringify(localFields(schema, record.fields)) };
  await db
    .insertInto(SYSTEM_TABLES.shadow)
    .values({ entity: schema.name, record_id: record.id, ...values })
    .onConflict((oc) => oc.columns(['entity', 'record_id']).doUpdateSet(values))
    .execute();
}

/** SQLite's oldest limit of bound parameters, less a margin. */
const MAX_PARAMETERS = 990;

/**
 * {@link updateFromServer} for many records of one entity in a few statements: the records the device
 * still holds are read first, then written by multi-row upserts that only ever hit existing rows (run it
 * in a write transaction, so that none is deleted in between), grouped by the columns they set. A record
 * gone from the device stays gone.
 */
export async function updateManyFromServer(
  db: LocalExecutor,
  schema: EntitySchema,
  entries: ReadonlyArray<{ readonly record: CrmRecord; readonly keepLocal?: ReadonlySet<string> }>,
): Promise<void> {
  const held = new Set<string>();
  const ids = entries.map((entry) => entry.record.id);
  for (let start = 0; start < ids.length; start += 500) {
    const rows = await db
      .selectFrom(schema.name)
      .select(schema.primaryKey)
      .where(schema.primaryKey, 'in', ids.slice(start, start + 500))
      .execute();
    for (const row of rows) held.add(String(row[schema.primaryKey]));
  }
  const groups = new Map<string, Array<Record<string, unknown>>>();
  for (const { record, keepLocal } of entries) {
    if (!held.has(record.id)) continue;
    const row: Record<string, unknown> = {
      ...recordToRow(schema, localFields(schema, record.fields, keepLocal)),
      [schema.primaryKey]: record.id,
      [VERSION_COLUMN]: record.version ?? null,
    };
    const signature = Object.keys(row).sort().join('\u0000');
    groups.set(signature, [...(groups.get(signature) ?? []), row]);
  }
  for (const rows of groups.values()) {
    const columns = Object.keys(rows[0]).filter((column) => column !== schema.primaryKey);
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / (columns.length + 1)));
    for (let start = 0; start < rows.length; start += perStatement) {
      await db
        .insertInto(schema.name)
        .values(rows.slice(start, start + perStatement))
        .onConflict((oc) =>
          oc.column(schema.primaryKey).doUpdateSet((eb) => Object.fromEntries(columns.map((column) => [column, eb.ref(`excluded.${column}`)]))),
        )
        .execute();
    }
  }
}
