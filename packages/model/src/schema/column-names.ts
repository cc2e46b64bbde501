import type { FieldSchema } from './field-schema';
import { isReferenceType } from './field-type';

/**
 * Suffix of the column that holds a lookup's target entity. A lookup or owner field `x` is stored
 * as two SQL columns: `x` (the target id) and `x_target` (the target entity name), as Resco stores
 * `objectid` and `objectidTarget`. Every SQL store (crm-store, the device database) uses this layout.
 */
export const TARGET_COLUMN_SUFFIX = '_target';

/** The SQL columns that hold a field: one, or two for lookup and owner fields. */
export function columnsOf(field: FieldSchema): string[] {
  return isReferenceType(field.type) ? [field.name, targetColumnOf(field.name)] : [field.name];
}

/** The column that holds the target entity of lookup `fieldName`. */
export function targetColumnOf(fieldName: string): string {
  return `${fieldName}${TARGET_COLUMN_SUFFIX}`;
}
