import { SingleConnectionDriver } from '../dialect/single-connection-driver';
import { SqliteOpenError } from '../open/sqlite-open-error';
import { WorkerSqliteConnection } from './worker-sqlite-connection';
import type { WorkerSqliteDialectConfig } from './worker-sqlite-dialect-config';
import { WorkerFailure, WorkerThread } from './worker-thread';

/** The kysely driver of a {@link WorkerSqliteDialect}: one worker thread, one connection in it. */
export class WorkerSqliteDriver extends SingleConnectionDriver<WorkerSqliteConnection> {
  readonly #config: WorkerSqliteDialectConfig;
  #thread: WorkerThread | undefined;

  constructor(config: WorkerSqliteDialectConfig) {
    super();
    this.#config = Object.freeze({ ...config });
  }

  protected async open(): Promise<WorkerSqliteConnection> {
    const { file } = this.#config;
    const thread = await WorkerThread.start({
      file,
      readOnly: this.#config.readOnly ?? false,
      busyTimeoutMs: this.#config.busyTimeoutMs ?? 5000,
      statementCacheSize: this.#config.statementCacheSize ?? 200,
      betterSqlite3: require.resolve('better-sqlite3'),
    }).catch((error: unknown) => {
      if (!(error instanceof WorkerFailure)) throw error;
      throw new SqliteOpenError(file, error.code?.startsWith('SQLITE_') ? error.code : 'SQLITE_CANTOPEN', error.message, { cause: error });
    });
    this.#thread = thread;
    const connection = new WorkerSqliteConnection(thread);
    await this.#config.onCreateConnection?.(connection);
    return connection;
  }

  protected async close(): Promise<void> {
    const thread = this.#thread;
    this.#thread = undefined;
    await thread?.close();
  }
}
