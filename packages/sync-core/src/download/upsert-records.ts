import { columnsOf, recordToRow, type CrmRecord, type EntitySchema } from '@fieldsync/model';
import type { LocalExecutor } from '../local-store/local-db';
import { GENERATION_COLUMN, VERSION_COLUMN } from '../local-store/system-tables';

/** SQLite's bound-parameter limit per statement (SQLITE_MAX_VARIABLE_NUMBER since 3.32). */
const MAX_PARAMETERS = 32_000;

/** Every column of an entity's device table, primary key first. */
export function tableColumns(schema: EntitySchema): string[] {
  return [...schema.fields.flatMap((field) => columnsOf(field)), VERSION_COLUMN, GENERATION_COLUMN];
}

/**
 * Inserts or replaces server records in the device table with multi-row statements. Fields the device
 * keeps but the server left out are stored as null (the read asked for every kept field).
 */
export async function upsertRecords(db: LocalExecutor, schema: EntitySchema, records: readonly CrmRecord[], generation: number): Promise<void> {
  if (records.length === 0) return;
  const columns = tableColumns(schema);
  const updatable = columns.filter((column) => column !== schema.primaryKey);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < records.length; start += perStatement) {
    const rows = records.slice(start, start + perStatement).map((record) => {
      const encoded = recordToRow(schema, record.fields);
      const row: Record<string, unknown> = {};
      for (const column of columns) row[column] = encoded[column] ?? null;
      row[schema.primaryKey] = record.id;
      row[VERSION_COLUMN] = record.version ?? null;
      row[GENERATION_COLUMN] = generation;
      return row;
    });
    await db
      .insertInto(schema.name)
      .values(rows)
      .onConflict((oc) =>
        oc.column(schema.primaryKey).doUpdateSet((eb) => Object.fromEntries(updatable.map((column) => [column, eb.ref(`excluded.${column}`)]))),
      )
      .execute();
  }
}

/** Deletes device rows by id. */
export async function deleteRecords(db: LocalExecutor, schema: EntitySchema, ids: readonly string[]): Promise<void> {
  for (let start = 0; start < ids.length; start += 500) {
    await db.deleteFrom(schema.name).where(schema.primaryKey, 'in', ids.slice(start, start + 500)).execute();
  }
}
