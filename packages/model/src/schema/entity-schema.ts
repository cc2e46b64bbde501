import type { FieldSchema } from './field-schema';

/**
 * How an entity takes part in sync.
 * - `normal`: an ordinary table;
 * - `activity`: an activity (task, appointment, email) with activity parties that travel with it;
 * - `intersect`: an N:N relationship table (downloaded in pages of 2,500);
 * - `child`: rows that only exist under a parent and travel with it (activity party, list member).
 */
export type EntityKind = 'normal' | 'activity' | 'intersect' | 'child';

/** An entity (table) of the CRM. */
export interface EntitySchema {
  /** Logical name, lower case, e.g. `account`. Also the table name. */
  readonly name: string;
  /** Display name. */
  readonly label?: string;
  /** Name of the primary key field (a text GUID), e.g. `accountid`. */
  readonly primaryKey: string;
  /** Name of the field that names a record (`name`, `fullname`, `subject`). */
  readonly primaryName?: string;
  /** @default 'normal' */
  readonly kind?: EntityKind;
  /** Every field, including the primary key. */
  readonly fields: readonly FieldSchema[];
}

/** A set of entities: what a CRM describes and what a customization selects from. */
export interface Schema {
  readonly entities: readonly EntitySchema[];
}
