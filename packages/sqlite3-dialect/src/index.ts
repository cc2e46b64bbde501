/**
 * @fieldsync/sqlite3-dialect: a kysely dialect over the `sqlite3` package, and
 * `openSqliteDatabase`, the one place that opens SQLite files on Node.
 */
export * from './dialect';
export * from './open';
