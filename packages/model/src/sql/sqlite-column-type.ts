import type { FieldSchema } from '../schema/field-schema';

/** The SQLite storage class a column is declared with. */
export type SqliteColumnType = 'TEXT' | 'INTEGER' | 'REAL';

/**
 * The declared SQLite type of a field's (first) column: INTEGER for whole numbers, options and
 * booleans (0/1), REAL for decimal and money, TEXT for text, dates and lookup ids. The `_target`
 * column of a lookup is always TEXT.
 */
export function sqliteColumnType(field: FieldSchema): SqliteColumnType {
  switch (field.type) {
    case 'int':
    case 'bool':
    case 'picklist':
    case 'state':
    case 'status':
      return 'INTEGER';
    case 'decimal':
    case 'money':
      return 'REAL';
    default:
      return 'TEXT';
  }
}
