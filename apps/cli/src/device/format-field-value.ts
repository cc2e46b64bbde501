import { isEntityReference, type FieldValue } from '@fieldsync/model';

/** A field value as the device commands print it: lookups as `entity:id`, no value as `null`. */
export function formatFieldValue(value: FieldValue | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (isEntityReference(value)) return `${value.entity}:${value.id}`;
  return String(value);
}
