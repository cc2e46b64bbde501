/**
 * @fieldsync/sqlite3-dialect: a kysely dialect over the `sqlite3` package, and
 * `openSqliteDatabase`, the one place that opens SQLite files on Node.
 */
export { SqliteQueryError } from './dialect/sqlite-query-error';
export type { OpenSqliteDatabaseOptions } from './open/open-sqlite-database-options';
export { openSqliteDatabase } from './open/open-sqlite-database';
export { SqliteOpenError } from './open/sqlite-open-error';
