import { SqliteQueryError } from '@fieldsync/sqlite3-dialect';

/** True when a statement failed on a unique or primary key constraint, on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  if (SqliteQueryError.is(error, 'SQLITE_CONSTRAINT')) return /UNIQUE constraint failed|PRIMARY KEY/i.test(error.message);
  // node-postgres errors carry the SQLSTATE; 23505 is unique_violation.
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
