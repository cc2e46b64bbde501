/**
 * A statement failed inside SQLite. The message is SQLite's own (`SQLITE_CONSTRAINT: UNIQUE
 * constraint failed: account.accountid`); `sqliteCode` is its result code name and `sql` the statement.
 */
export class SqliteQueryError extends Error {
  /** SQLite's result code name, e.g. `SQLITE_CONSTRAINT`, `SQLITE_BUSY`, `SQLITE_NOTADB`. */
  readonly sqliteCode: string;

  constructor(
    cause: Error,
    /** The statement that failed. */
    readonly sql: string,
  ) {
    super(cause.message, { cause });
    this.name = 'SqliteQueryError';
    const code: unknown = (cause as { code?: unknown }).code;
    this.sqliteCode = typeof code === 'string' ? code : 'SQLITE_ERROR';
  }

  /** True when the error is a {@link SqliteQueryError}, optionally with that SQLite code. */
  static is(value: unknown, sqliteCode?: string): value is SqliteQueryError {
    return value instanceof SqliteQueryError && (sqliteCode === undefined || value.sqliteCode === sqliteCode);
  }
}
