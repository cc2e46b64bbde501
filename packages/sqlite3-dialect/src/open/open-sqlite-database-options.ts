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
}
