import { createRequire } from 'node:module';
import { Kysely, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import type { FieldValues } from '../../record/field-value';
import { columnsOf } from '../../schema/column-names';
import type { EntitySchema } from '../../schema/entity-schema';
import { recordToRow } from '../../sql/record-to-row';
import { sqliteColumnType } from '../../sql/sqlite-column-type';

/** A test database: kysely over an in-memory better-sqlite3 database (a root dev dependency). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MemoryDb = Kysely<any>;

/** Opens an empty in-memory SQLite database through kysely's built-in SqliteDialect. */
export function openMemoryDb(): MemoryDb {
  const load = createRequire(__filename);
  const Database = load('better-sqlite3') as new (file: string) => SqliteDatabase;
  return new Kysely({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
}

/** Creates the entity's table with the column layout the stores use (lookups as `x` + `x_target`). */
export async function createEntityTable(db: MemoryDb, entity: EntitySchema): Promise<void> {
  let builder = db.schema.createTable(entity.name);
  for (const field of entity.fields) {
    const [main, target] = columnsOf(field);
    const type = sqliteColumnType(field) === 'TEXT' ? 'text' : sqliteColumnType(field) === 'INTEGER' ? 'integer' : 'real';
    builder = builder.addColumn(main, type, (col) => (field.name === entity.primaryKey ? col.primaryKey() : col));
    if (target) builder = builder.addColumn(target, 'text');
  }
  await builder.execute();
}

/** Inserts records through {@link recordToRow} (absent fields as NULL), in one statement per 200 rows. */
export async function insertRecords(db: MemoryDb, entity: EntitySchema, records: readonly FieldValues[]): Promise<void> {
  const columns = entity.fields.flatMap((field) => columnsOf(field));
  const toRow = (fields: FieldValues) => {
    const row = recordToRow(entity, fields);
    for (const name of columns) if (!(name in row)) row[name] = null;
    return row;
  };
  for (let i = 0; i < records.length; i += 200) {
    const rows = records.slice(i, i + 200).map(toRow);
    if (rows.length > 0) await db.insertInto(entity.name).values(rows).execute();
  }
}

/** Deletes every row of the entity's table. */
export async function clearTable(db: MemoryDb, entity: EntitySchema): Promise<void> {
  await sql`delete from ${sql.table(entity.name)}`.execute(db);
}
