import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Expression } from 'kysely';

/** Which database a migration writes DDL for. */
export type MigrationDialect = 'sqlite' | 'postgres';

/**
 * The type of a text column that is compared or sorted (ids, times): on PostgreSQL with the `C`
 * collation, so that order is byte order as on SQLite, whatever the database's locale.
 */
export function keyText(dialect: MigrationDialect): 'text' | Expression<unknown> {
  return dialect === 'postgres' ? sql`text collate "C"` : 'text';
}

/** Adds `seq`, an increasing insertion number, as the table's primary key. */
export function addSequenceKey<T extends string, C extends string>(
  table: CreateTableBuilder<T, C>,
  dialect: MigrationDialect,
): CreateTableBuilder<T, C | 'seq'> {
  return dialect === 'postgres'
    ? table.addColumn('seq', 'bigint', (c: ColumnDefinitionBuilder) => c.generatedByDefaultAsIdentity().primaryKey())
    : table.addColumn('seq', 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement());
}
