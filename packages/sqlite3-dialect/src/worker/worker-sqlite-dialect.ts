import {
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
} from 'kysely';
import type { WorkerSqliteDialectConfig } from './worker-sqlite-dialect-config';
import { WorkerSqliteDriver } from './worker-sqlite-driver';

/**
 * A kysely dialect whose one connection is a better-sqlite3 database on a worker thread: statements
 * run synchronously there (about twice the `sqlite3` package's rate) while the app's event loop stays
 * free. Reuses kysely's SQLite compiler, adapter and introspector.
 * @example new Kysely<DB>({ dialect: new WorkerSqliteDialect({ file: 'device.db' }) })
 */
export class WorkerSqliteDialect implements Dialect {
  readonly #config: WorkerSqliteDialectConfig;

  constructor(config: WorkerSqliteDialectConfig) {
    this.#config = config;
  }

  createDriver(): Driver {
    return new WorkerSqliteDriver(this.#config);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
