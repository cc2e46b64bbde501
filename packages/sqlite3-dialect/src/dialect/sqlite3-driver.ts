import { CompiledQuery, type DatabaseConnection, type Driver, type QueryCompiler, type TransactionSettings } from 'kysely';
import { ConnectionMutex } from './connection-mutex';
import { Sqlite3Connection } from './sqlite3-connection';
import type { Sqlite3DialectConfig } from './sqlite3-dialect-config';
import type { Sqlite3Database } from './sqlite3-database';

/**
 * The kysely driver over one sqlite3 database: a single connection behind a FIFO lock, so
 * queries and transactions from concurrent callers run one after another, never interleaved.
 */
export class Sqlite3Driver implements Driver {
  readonly #config: Sqlite3DialectConfig;
  readonly #mutex = new ConnectionMutex();
  #db: Sqlite3Database | undefined;
  #connection: Sqlite3Connection | undefined;

  constructor(config: Sqlite3DialectConfig) {
    this.#config = Object.freeze({ ...config });
  }

  async init(): Promise<void> {
    const { database } = this.#config;
    this.#db = typeof database === 'function' ? await database() : database;
    this.#connection = new Sqlite3Connection(this.#db, this.#config.statementCacheSize ?? 200);
    await this.#config.onCreateConnection?.(this.#connection);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    if (!this.#connection) {
      this.#mutex.unlock();
      throw new Error('the sqlite3 driver is not initialised or was destroyed');
    }
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    // A read-write transaction takes the write lock up front, so two processes sharing the file
    // wait on busy_timeout instead of failing when a reader tries to upgrade.
    const mode = settings.accessMode === 'read only' ? 'deferred' : 'immediate';
    await connection.executeQuery(CompiledQuery.raw(`begin ${mode}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string, _compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdentifier(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, _compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoteIdentifier(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, _compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quoteIdentifier(name)}`));
  }

  async releaseConnection(_connection: DatabaseConnection): Promise<void> {
    this.#mutex.unlock();
  }

  async destroy(): Promise<void> {
    const db = this.#db;
    const connection = this.#connection;
    this.#db = undefined;
    this.#connection = undefined;
    if (!db) return;
    await connection?.clearCache();
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
