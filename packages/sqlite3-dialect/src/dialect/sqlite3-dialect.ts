import type { Driver } from 'kysely';
import { SqliteDialectBase } from './sqlite-dialect-base';
import { Sqlite3Driver } from './sqlite3-driver';
import type { Sqlite3DialectConfig } from './sqlite3-dialect-config';

/**
 * A kysely dialect over the `sqlite3` package (statements run off the main thread). It reuses
 * kysely's SQLite compiler, adapter and introspector; only the driver is its own.
 * @example new Kysely<DB>({ dialect: new Sqlite3Dialect({ database: new sqlite3.Database(file) }) })
 */
export class Sqlite3Dialect extends SqliteDialectBase {
  readonly #config: Sqlite3DialectConfig;

  constructor(config: Sqlite3DialectConfig) {
    super();
    this.#config = config;
  }

  createDriver(): Driver {
    return new Sqlite3Driver(this.#config);
  }
}
