import type { Driver } from 'kysely';
import { SqliteDialectBase } from '../dialect/sqlite-dialect-base';
import type { WorkerSqliteDialectConfig } from './worker-sqlite-dialect-config';
import { WorkerSqliteDriver } from './worker-sqlite-driver';

/**
 * A kysely dialect whose one connection is a better-sqlite3 database on a worker thread: statements
 * run synchronously there (about twice the `sqlite3` package's rate) while the app's event loop stays
 * free. Reuses kysely's SQLite compiler, adapter and introspector.
 * @example new Kysely<DB>({ dialect: new WorkerSqliteDialect({ file: 'device.db' }) })
 */
export class WorkerSqliteDialect extends SqliteDialectBase {
  readonly #config: WorkerSqliteDialectConfig;

  constructor(config: WorkerSqliteDialectConfig) {
    super();
    this.#config = config;
  }

  createDriver(): Driver {
    return new WorkerSqliteDriver(this.#config);
  }
}
