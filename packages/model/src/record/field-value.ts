import type { EntityReference } from './entity-reference';

/**
 * A field's value in a record. Text for string/memo/datetime/date, number for
 * int/decimal/money/picklist/state/status, boolean for bool, an {@link EntityReference}
 * for lookup/owner, and null for "no value".
 */
export type FieldValue = string | number | boolean | EntityReference | null;

/** A record's field values by field name. */
export type FieldValues = Readonly<Record<string, FieldValue>>;
