import { CompiledQuery } from 'kysely';
import { columnsOf, encodeSqlValue, isEntityReference, isReferenceType, type CrmRecord, type EntitySchema } from '@fieldsync/model';
import type { LocalExecutor } from '../local-store/local-db';
import { GENERATION_COLUMN, VERSION_COLUMN } from '../local-store/system-tables';
import { yieldToEventLoop } from '../scheduling/yield-to-event-loop';

/** SQLite's bound-parameter limit per statement (SQLITE_MAX_VARIABLE_NUMBER since 3.32). */
const MAX_PARAMETERS = 32_000;
/** Rows per upsert statement: past a few hundred, bigger statements stop paying off. */
const MAX_ROWS_PER_STATEMENT = 200;
/** Records encoded between two turns of the event loop. */
const ENCODE_CHUNK = 100;

/** Every column of an entity's device table, primary key first. */
export function tableColumns(schema: EntitySchema): string[] {
  return [...schema.fields.flatMap((field) => columnsOf(field)), VERSION_COLUMN, GENERATION_COLUMN];
}

/** One record encoded for its device table: the values in {@link tableColumns} order. */
export interface EncodedRow {
  readonly id: string;
  readonly values: readonly unknown[];
}

/**
 * Encodes records as device-table rows (fields the server left out are null: the read asked for every
 * kept field), yielding to the event loop every hundred records so a large page does not stall the app.
 */
export async function encodeRows(schema: EntitySchema, records: readonly CrmRecord[], generation: number): Promise<EncodedRow[]> {
  const fields = schema.fields.map((field) => ({ field, key: field.name === schema.primaryKey, reference: isReferenceType(field.type) }));
  const rows: EncodedRow[] = [];
  for (let start = 0; start < records.length; start += ENCODE_CHUNK) {
    if (start > 0) await yieldToEventLoop();
    const end = Math.min(records.length, start + ENCODE_CHUNK);
    for (let index = start; index < end; index++) {
      const record = records[index];
      // The values in tableColumns order, written straight into the row's array (no object per row).
      const values: unknown[] = [];
      for (const { field, key, reference } of fields) {
        const value = record.fields[field.name];
        values.push(key ? record.id : value === undefined ? null : encodeSqlValue(field, value));
        if (reference) values.push(isEntityReference(value) ? value.entity : null);
      }
      values.push(record.version ?? null, generation);
      rows.push({ id: record.id, values });
    }
  }
  return rows;
}

const statementCache = new Map<string, string>();

/** The text of a multi-row upsert into `table`, kept per table, columns and row count. */
function upsertSql(table: string, primaryKey: string, columns: readonly string[], rows: number): string {
  const key = `${table}\u0000${columns.join(',')}\u0000${rows}`;
  const cached = statementCache.get(key);
  if (cached) return cached;
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const tuple = `(${columns.map(() => '?').join(',')})`;
  const updates = columns.filter((column) => column !== primaryKey).map((column) => `${quote(column)}=excluded.${quote(column)}`);
  const text =
    `insert into ${quote(table)} (${columns.map(quote).join(',')}) values ${Array.from({ length: rows }, () => tuple).join(',')} ` +
    `on conflict(${quote(primaryKey)}) do update set ${updates.join(',')}`;
  if (statementCache.size > 500) statementCache.clear();
  statementCache.set(key, text);
  return text;
}

/** Inserts or replaces encoded rows in the device table with cached multi-row statements. */
export async function upsertRows(db: LocalExecutor, schema: EntitySchema, rows: readonly EncodedRow[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = tableColumns(schema);
  const perStatement = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / columns.length)));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const parameters: unknown[] = [];
    for (const row of chunk) for (const value of row.values) parameters.push(value);
    await db.executeQuery(CompiledQuery.raw(upsertSql(schema.name, schema.primaryKey, columns, chunk.length), parameters));
  }
}

/** Inserts or replaces server records in the device table. */
export async function upsertRecords(db: LocalExecutor, schema: EntitySchema, records: readonly CrmRecord[], generation: number): Promise<void> {
  await upsertRows(db, schema, await encodeRows(schema, records, generation));
}

/** Deletes device rows by id. */
export async function deleteRecords(db: LocalExecutor, schema: EntitySchema, ids: readonly string[]): Promise<void> {
  for (let start = 0; start < ids.length; start += 500) {
    await db
      .deleteFrom(schema.name)
      .where(schema.primaryKey, 'in', ids.slice(start, start + 500))
      .execute();
  }
}
