import { CompiledQuery, type DatabaseConnection, type QueryResult } from 'kysely';
import { SqliteQueryError } from '../dialect/sqlite-query-error';
import { toSqliteParameter } from '../dialect/to-sqlite-parameter';
import { WorkerFailure, type WorkerThread } from './worker-thread';
import type { WorkerStatementResult } from './worker-protocol';

/**
 * The one connection of a worker dialect: each query is one message to the worker thread, which
 * prepares it once per SQL text (an LRU cache), runs it synchronously and answers its rows.
 */
export class WorkerSqliteConnection implements DatabaseConnection {
  readonly #thread: WorkerThread;

  constructor(thread: WorkerThread) {
    this.#thread = thread;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters } = compiledQuery;
    try {
      return toQueryResult<R>(await this.#thread.request({ op: 'query', sql, parameters: parameters.map(toSqliteParameter) }));
    } catch (error) {
      throw asQueryError(error, sql);
    }
  }

  /** Streams rows in chunks: the worker steps the statement and sends one chunk per message. */
  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    const { sql, parameters } = compiledQuery;
    let stream: number | undefined;
    let done = false;
    try {
      const first = this.#thread.request({ op: 'stream', sql, parameters: parameters.map(toSqliteParameter), chunkSize });
      let reply = await first.catch((error: unknown) => {
        throw asQueryError(error, sql);
      });
      stream = reply.id;
      for (;;) {
        done = reply.done === true;
        const rows = (reply.rows ?? []) as R[];
        if (rows.length > 0) yield { rows };
        if (done) return;
        reply = await this.#thread.request({ op: 'next', stream, chunkSize }).catch((error: unknown) => {
          throw asQueryError(error, sql);
        });
      }
    } finally {
      if (stream !== undefined && !done) await this.#thread.request({ op: 'end', stream }).catch(() => undefined);
    }
  }
}

function toQueryResult<R>(result: WorkerStatementResult): QueryResult<R> {
  if (result.rows) return { rows: result.rows as R[] };
  return { rows: [], numAffectedRows: BigInt(result.changes ?? 0), insertId: BigInt(result.lastInsertRowid ?? 0) };
}

/** A worker failure as the dialect's typed error; anything else (the thread died) as it is. */
function asQueryError(error: unknown, sql: string): unknown {
  if (!(error instanceof WorkerFailure)) return error;
  // better-sqlite3 names extended codes (SQLITE_CONSTRAINT_UNIQUE); callers test the primary one, as sqlite3 gives it.
  const primary = error.code?.startsWith('SQLITE_') ? error.code.split('_').slice(0, 2).join('_') : 'SQLITE_ERROR';
  return new SqliteQueryError(Object.assign(new Error(`${primary}: ${error.message}`), { code: primary, extendedCode: error.code }), sql);
}
