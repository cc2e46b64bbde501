/** A PostgreSQL server for tests, from {@link startTestPostgres}. */
export interface TestPostgres {
  /** The URL of `database` on this server (superuser `postgres`, no password). */
  url(database: string): string;
  /** Creates a new, empty database and answers its URL. */
  createDatabase(): Promise<string>;
  /** Stops the server and deletes its files (or, on a server from `FIELDSYNC_TEST_DATABASE_URL`, drops the databases it created). */
  stop(): Promise<void>;
}
