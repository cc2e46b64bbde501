import type { FieldSchema } from '../schema/field-schema';
import { isEntityReference } from '../record/entity-reference';
import type { FieldValue } from '../record/field-value';

/**
 * The value stored in a field's (first) SQL column: booleans as 1/0, a reference as its id,
 * anything else unchanged. Null stays null.
 */
export function encodeSqlValue(field: FieldSchema, value: FieldValue): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isEntityReference(value)) return value.id;
  if (typeof value === 'object') throw new TypeError(`field '${field.name}': value is not a field value`);
  return value;
}
