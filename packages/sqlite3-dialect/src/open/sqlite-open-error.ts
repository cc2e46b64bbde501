/**
 * A SQLite file could not be opened or is not a SQLite database (`SQLITE_NOTADB`,
 * `SQLITE_CANTOPEN`, `SQLITE_CORRUPT`). Nothing was written to it.
 */
export class SqliteOpenError extends Error {
  constructor(
    /** The file that was opened. */
    readonly file: string,
    /** SQLite's result code name. */
    readonly sqliteCode: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${message}`, options);
    this.name = 'SqliteOpenError';
  }

  /** True for a {@link SqliteOpenError}. */
  static is(value: unknown): value is SqliteOpenError {
    return value instanceof SqliteOpenError;
  }
}
