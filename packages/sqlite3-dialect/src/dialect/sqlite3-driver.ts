import { SingleConnectionDriver } from './single-connection-driver';
import { Sqlite3Connection } from './sqlite3-connection';
import type { Sqlite3DialectConfig } from './sqlite3-dialect-config';
import type { Sqlite3Database } from './sqlite3-database';

/**
 * The kysely driver over one sqlite3 database: a single connection behind a FIFO lock, so
 * queries and transactions from concurrent callers run one after another, never interleaved.
 */
export class Sqlite3Driver extends SingleConnectionDriver<Sqlite3Connection> {
  readonly #config: Sqlite3DialectConfig;
  #db: Sqlite3Database | undefined;

  constructor(config: Sqlite3DialectConfig) {
    super();
    this.#config = Object.freeze({ ...config });
  }

  protected async open(): Promise<Sqlite3Connection> {
    const { database } = this.#config;
    this.#db = typeof database === 'function' ? await database() : database;
    const connection = new Sqlite3Connection(this.#db, this.#config.statementCacheSize ?? 200);
    await this.#config.onCreateConnection?.(connection);
    return connection;
  }

  protected async close(connection: Sqlite3Connection): Promise<void> {
    const db = this.#db;
    this.#db = undefined;
    if (!db) return;
    await connection.clearCache();
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}
