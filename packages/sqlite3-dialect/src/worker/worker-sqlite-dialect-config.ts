import type { DatabaseConnection } from 'kysely';

/** How a {@link WorkerSqliteDialect} opens its file. */
export interface WorkerSqliteDialectConfig {
  /** The SQLite file (`':memory:'` for a private in-memory database). */
  readonly file: string;
  /** Open without write access; the file must exist. @default false */
  readonly readOnly?: boolean;
  /** How long a statement waits for another process's lock before failing with SQLITE_BUSY. @default 5000 */
  readonly busyTimeoutMs?: number;
  /** Prepared statements kept in the worker, by SQL text. @default 200 */
  readonly statementCacheSize?: number;
  /** Runs once on the connection before any query (pragmas). */
  readonly onCreateConnection?: (connection: DatabaseConnection) => Promise<void>;
}
