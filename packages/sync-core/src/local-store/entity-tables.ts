import { sql } from 'kysely';
import { columnsOf, isReferenceType, sqliteColumnType, type EntitySchema, type FieldSchema } from '@fieldsync/model';
import { IncompatibleLocalSchemaError } from '../errors/sync-core-errors';
import type { LocalExecutor } from './local-db';
import type { LocalSchema } from './local-schema';
import { GENERATION_COLUMN, SYSTEM_TABLE_PREFIX, VERSION_COLUMN } from './system-tables';

interface ColumnInfo {
  readonly name: string;
  readonly type: string;
}

/** The SQL columns of one field with their SQLite types (a lookup has its id and its `_target` entity). */
function fieldColumns(field: FieldSchema): Array<[string, string]> {
  const [id, target] = columnsOf(field);
  const columns: Array<[string, string]> = [[id, sqliteColumnType(field)]];
  if (isReferenceType(field.type) && target) columns.push([target, 'TEXT']);
  return columns;
}

async function tableColumns(db: LocalExecutor, table: string): Promise<ColumnInfo[]> {
  const result = await sql<ColumnInfo>`select name, type from pragma_table_info(${table})`.execute(db);
  return result.rows;
}

/**
 * Creates or widens the table of every synchronised entity. A new table, or new columns on an existing
 * one, means the entity's data on the device is incomplete: those entities are returned so the caller
 * downloads them in full. A column whose type changed cannot be migrated in place and throws
 * {@link IncompatibleLocalSchemaError} (nothing is changed; run inside a transaction).
 */
export async function ensureEntityTables(db: LocalExecutor, local: LocalSchema): Promise<string[]> {
  const needFull: string[] = [];
  for (const { schema } of local.entities.values()) {
    if (schema.name.startsWith(SYSTEM_TABLE_PREFIX)) {
      throw new IncompatibleLocalSchemaError(schema.name, schema.primaryKey, `entity names starting with '${SYSTEM_TABLE_PREFIX}' are reserved for the engine`);
    }
    const existing = await tableColumns(db, schema.name);
    if (existing.length === 0) {
      await createEntityTable(db, schema);
      needFull.push(schema.name);
      continue;
    }
    const byName = new Map(existing.map((column) => [column.name, column.type.toUpperCase()]));
    let added = false;
    for (const field of schema.fields) {
      for (const [name, type] of fieldColumns(field)) {
        const had = byName.get(name);
        if (had === undefined) {
          await sql`alter table ${sql.id(schema.name)} add column ${sql.id(name)} ${sql.raw(type)}`.execute(db);
          added = true;
        } else if (had !== type) {
          throw new IncompatibleLocalSchemaError(
            schema.name,
            name,
            `the device column is ${had} but the customization needs ${type}; reset the entity to rebuild it`,
          );
        }
      }
    }
    if (added) needFull.push(schema.name);
  }
  return needFull;
}

/**
 * Creates the device table of an entity (under another name for a staging copy), with its lookup
 * indexes, named `<table>__<field><indexSuffix>`.
 */
export async function createEntityTable(db: LocalExecutor, schema: EntitySchema, table = schema.name, indexSuffix = ''): Promise<void> {
  let builder = db.schema.createTable(table);
  for (const field of schema.fields) {
    for (const [name, type] of fieldColumns(field)) {
      const isKey = name === schema.primaryKey;
      builder = builder.addColumn(name, sql.raw(type), (c) => (isKey ? c.primaryKey().notNull() : c));
    }
  }
  builder = builder.addColumn(VERSION_COLUMN, 'text').addColumn(GENERATION_COLUMN, 'integer', (c) => c.notNull().defaultTo(0));
  await builder.execute();
  // Cleanup of orphans looks children up by their parent lookup.
  for (const field of schema.fields) {
    if (field.parent && isReferenceType(field.type)) {
      await db.schema.createIndex(`${table}__${field.name}${indexSuffix}`).ifNotExists().on(table).column(field.name).execute();
    }
  }
}
