import { CompiledQuery, type DatabaseConnection, type Driver, type QueryCompiler, type TransactionSettings } from 'kysely';
import { ConnectionMutex } from './connection-mutex';

/**
 * A kysely driver over one SQLite connection behind a FIFO lock, so queries and transactions from
 * concurrent callers run one after another, never interleaved. Subclasses open and close the
 * connection; transactions and savepoints are plain SQL, the same for every SQLite driver.
 */
export abstract class SingleConnectionDriver<C extends DatabaseConnection> implements Driver {
  readonly #mutex = new ConnectionMutex();
  #connection: C | undefined;

  /** Opens the connection (and runs the dialect's `onCreateConnection`). */
  protected abstract open(): Promise<C>;

  /** Closes the connection opened by {@link open}. */
  protected abstract close(connection: C): Promise<void>;

  async init(): Promise<void> {
    this.#connection = await this.open();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    if (!this.#connection) {
      this.#mutex.unlock();
      throw new Error('the SQLite driver is not initialised or was destroyed');
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
    const connection = this.#connection;
    this.#connection = undefined;
    if (connection) await this.close(connection);
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
