/** How {@link openSqliteDatabase} opens a file. */
export interface OpenSqliteDatabaseOptions {
  /** How long a statement waits for another process's lock before failing with SQLITE_BUSY. @default 5000 */
  readonly busyTimeoutMs?: number;
  /** Open without write access; the file must exist. @default false */
  readonly readOnly?: boolean;
  /** Page cache size, in KiB. @default 16000 */
  readonly cacheSizeKib?: number;
  /** Prepared statements kept by SQL text. @default 200 */
  readonly statementCacheSize?: number;
  /**
   * The driver: `'sqlite3'`, the asynchronous `sqlite3` package (each statement on libuv's thread
   * pool, rows built on the event loop), or `'worker'`, better-sqlite3 on a worker thread of its own
   * (about twice as fast; the event loop only posts statements and receives rows). @default 'sqlite3'
   */
  readonly driver?: 'sqlite3' | 'worker';
}
