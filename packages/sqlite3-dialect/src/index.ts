/**
 * @fieldsync/sqlite3-dialect: kysely dialects over SQLite on Node (the `sqlite3` package, and
 * better-sqlite3 on a worker thread), and `openSqliteDatabase`, the one place that opens SQLite files.
 */
export { SqliteQueryError } from './dialect/sqlite-query-error';
export type { OpenSqliteDatabaseOptions } from './open/open-sqlite-database-options';
export { openSqliteDatabase } from './open/open-sqlite-database';
export { SqliteOpenError } from './open/sqlite-open-error';
export { WorkerSqliteDialect } from './worker/worker-sqlite-dialect';
export type { WorkerSqliteDialectConfig } from './worker/worker-sqlite-dialect-config';
