import { columnsOf, isReferenceType, sqliteColumnType, type EntitySchema, type FieldSchema } from '@fieldsync/model';
import { OWNING_BU_COLUMN, VERSION_COLUMN } from '../store/store-core';

/** The system columns a table gets when its entity does not declare a field of that name. */
const SYSTEM_COLUMNS: readonly (readonly [string, string])[] = [
  ['createdon', 'TEXT'],
  ['modifiedon', 'TEXT'],
  [OWNING_BU_COLUMN, 'TEXT'],
];

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Column definitions (`"name" TYPE`) of one field: one, or two for a lookup/owner. */
export function fieldColumnDefinitions(field: FieldSchema): string[] {
  return columnsOf(field).map((column, index) => `${quote(column)} ${index === 0 ? sqliteColumnType(field) : 'TEXT'}`);
}

/**
 * The DDL that creates an entity's table: its fields' columns (the primary key as TEXT PRIMARY KEY),
 * the unique `versionnumber`, `createdon`/`modifiedon` and `owningbusinessunit` (unless declared),
 * and indexes for keyset paging by version, owner, business unit and lookups.
 */
export function createEntityTableStatements(entity: EntitySchema): string[] {
  const columns: string[] = [];
  for (const field of entity.fields) {
    if (field.name === entity.primaryKey) columns.push(`${quote(field.name)} TEXT PRIMARY KEY NOT NULL`);
    else columns.push(...fieldColumnDefinitions(field));
  }
  columns.push(`${quote(VERSION_COLUMN)} INTEGER NOT NULL UNIQUE`);
  const declared = new Set(entity.fields.flatMap(columnsOf));
  for (const [name, type] of SYSTEM_COLUMNS) if (!declared.has(name)) columns.push(`${quote(name)} ${type}`);
  const statements = [`CREATE TABLE ${quote(entity.name)} (${columns.join(', ')})`];
  statements.push(`CREATE INDEX ${quote(`${entity.name}__bu`)} ON ${quote(entity.name)} (${quote(OWNING_BU_COLUMN)})`);
  for (const field of entity.fields) statements.push(...fieldIndexStatements(entity, field));
  return statements;
}

/** Indexes for a field: owner and lookup columns are indexed (visibility, children, cascades). */
export function fieldIndexStatements(entity: EntitySchema, field: FieldSchema): string[] {
  if (!isReferenceType(field.type)) return [];
  return [`CREATE INDEX ${quote(`${entity.name}__${field.name}`)} ON ${quote(entity.name)} (${quote(field.name)})`];
}

/** The DDL that adds a new field's columns to an existing table. */
export function addFieldStatements(entity: EntitySchema, field: FieldSchema): string[] {
  const statements = fieldColumnDefinitions(field).map((definition) => `ALTER TABLE ${quote(entity.name)} ADD COLUMN ${definition}`);
  // A field may take over a system column of the same name (createdon, modifiedon): then only the type differs, keep it.
  return [...statements, ...fieldIndexStatements(entity, field)];
}

/** Columns that exist in the table for `entity` already as system columns, so a new field of that name adds nothing. */
export function isSystemColumn(name: string): boolean {
  return SYSTEM_COLUMNS.some(([column]) => column === name) || name === VERSION_COLUMN;
}
