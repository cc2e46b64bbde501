import type { StoredBoolean } from './bridge-database';

/** A boolean column as read: SQLite answers 0/1, PostgreSQL true/false. */
export function toBoolean(value: StoredBoolean): boolean {
  return value === true || value === 1;
}
