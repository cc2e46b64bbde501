/**
 * The kinds of value a CRM field holds.
 * - `string` short text, `memo` long text;
 * - `int`, `decimal`, `money` numbers (money and decimal as JS numbers, rounded to `precision`);
 * - `bool`;
 * - `datetime` an instant as ISO-8601 UTC text (`2026-11-22T09:30:00.000Z`), `date` a day (`2026-11-22`);
 * - `lookup` a reference to a record of one or more entities, `owner` a reference to a user or team;
 * - `picklist`, `state`, `status` whole-number option values.
 */
export type FieldType = 'string' | 'memo' | 'int' | 'decimal' | 'money' | 'bool' | 'datetime' | 'date' | 'lookup' | 'owner' | 'picklist' | 'state' | 'status';

/** Every {@link FieldType}, in a stable order. */
export const FIELD_TYPES: readonly FieldType[] = [
  'string',
  'memo',
  'int',
  'decimal',
  'money',
  'bool',
  'datetime',
  'date',
  'lookup',
  'owner',
  'picklist',
  'state',
  'status',
];

/** True when the field type holds an {@link EntityReference} (lookup or owner). */
export function isReferenceType(type: FieldType): type is 'lookup' | 'owner' {
  return type === 'lookup' || type === 'owner';
}

/** True when the field type holds an option value (picklist, state, status). */
export function isOptionType(type: FieldType): type is 'picklist' | 'state' | 'status' {
  return type === 'picklist' || type === 'state' || type === 'status';
}
