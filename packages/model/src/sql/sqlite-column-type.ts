import type { FieldSchema } from '../schema/field-schema';
import { FIELD_TYPE_TRAITS } from '../schema/field-type-traits';

/** The SQLite storage class a column is declared with. */
export type SqliteColumnType = 'TEXT' | 'INTEGER' | 'REAL';

/**
 * The declared SQLite type of a field's (first) column: INTEGER for whole numbers, options and
 * booleans (0/1), REAL for decimal and money, TEXT for text, dates and lookup ids. The `_target`
 * column of a lookup is always TEXT.
 */
export function sqliteColumnType(field: FieldSchema): SqliteColumnType {
  return FIELD_TYPE_TRAITS[field.type].sqliteColumn;
}
