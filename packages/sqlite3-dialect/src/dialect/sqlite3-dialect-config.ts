import type { DatabaseConnection } from 'kysely';
import type { Sqlite3Database } from './sqlite3-database';

/** How a {@link Sqlite3Dialect} gets its database and tunes its connection. */
export interface Sqlite3DialectConfig {
  /** An open sqlite3 database, or a function that opens one when kysely first needs it. */
  readonly database: Sqlite3Database | (() => Promise<Sqlite3Database>);
  /** Prepared statements kept per connection, by SQL text. @default 200 */
  readonly statementCacheSize?: number;
  /** Runs once on the connection before any query (pragmas, functions). */
  readonly onCreateConnection?: (connection: DatabaseConnection) => Promise<void>;
}
