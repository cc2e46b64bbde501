/**
 * The few calls the dialect makes on a `sqlite3` statement, declared structurally so the driver
 * package can change without touching the dialect.
 */
export interface Sqlite3Statement {
  all(params: readonly unknown[], callback: (err: Error | null, rows: unknown[]) => void): this;
  run(params: readonly unknown[], callback: (this: { lastID: number; changes: number }, err: Error | null) => void): this;
  get(callback: (err: Error | null, row?: unknown) => void): this;
  bind(params: readonly unknown[], callback: (err: Error | null) => void): this;
  finalize(callback?: (err: Error | null) => void): unknown;
}

/** The few calls the dialect makes on a `sqlite3` database (a `sqlite3.Database` satisfies it). */
export interface Sqlite3Database {
  prepare(sql: string, callback: (err: Error | null) => void): Sqlite3Statement;
  close(callback?: (err: Error | null) => void): void;
}
