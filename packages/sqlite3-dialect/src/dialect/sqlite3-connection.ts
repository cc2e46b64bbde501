import { CompiledQuery, SelectQueryNode, type DatabaseConnection, type QueryResult } from 'kysely';
import type { Sqlite3Database, Sqlite3Statement } from './sqlite3-database';
import { SqliteQueryError } from './sqlite-query-error';
import { toSqliteParameter } from './to-sqlite-parameter';

const ROW_RETURNING_SQL = /^\s*(select|pragma|with|values|explain)\b|\breturning\b/i;

/**
 * The one connection to a sqlite3 database. Statements are prepared once per SQL text and kept in
 * a small LRU cache, since a sync runs the same few statements thousands of times.
 */
export class Sqlite3Connection implements DatabaseConnection {
  readonly #db: Sqlite3Database;
  readonly #cache = new Map<string, Promise<Sqlite3Statement>>();
  readonly #cacheSize: number;

  constructor(db: Sqlite3Database, statementCacheSize: number) {
    this.#db = db;
    this.#cacheSize = statementCacheSize;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters } = compiledQuery;
    const params = parameters.map(toSqliteParameter);
    const statement = await this.#statement(sql);
    if (SelectQueryNode.is(compiledQuery.query) || ROW_RETURNING_SQL.test(sql)) {
      const rows = await new Promise<unknown[]>((resolve, reject) =>
        statement.all(params, (err, result) => (err ? reject(new SqliteQueryError(err, sql)) : resolve(result))),
      );
      return { rows: rows as R[] };
    }
    return new Promise<QueryResult<R>>((resolve, reject) =>
      statement.run(params, function (err) {
        if (err) return reject(new SqliteQueryError(err, sql));
        resolve({ rows: [], numAffectedRows: BigInt(this.changes ?? 0), insertId: BigInt(this.lastID ?? 0) });
      }),
    );
  }

  /** Streams rows in chunks, stepping a dedicated statement so only one chunk is in memory. */
  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    const { sql, parameters } = compiledQuery;
    const statement = await this.#prepare(sql);
    try {
      await new Promise<void>((resolve, reject) =>
        statement.bind(parameters.map(toSqliteParameter), (err) => (err ? reject(new SqliteQueryError(err, sql)) : resolve())),
      );
      for (;;) {
        const rows: R[] = [];
        while (rows.length < chunkSize) {
          const row = await new Promise<unknown>((resolve, reject) => statement.get((err, r) => (err ? reject(new SqliteQueryError(err, sql)) : resolve(r))));
          if (row === undefined) break;
          rows.push(row as R);
        }
        if (rows.length > 0) yield { rows };
        if (rows.length < chunkSize) return;
      }
    } finally {
      statement.finalize();
    }
  }

  /** Finalizes every cached statement; called before the database closes. */
  async clearCache(): Promise<void> {
    const statements = [...this.#cache.values()];
    this.#cache.clear();
    for (const pending of statements) {
      const statement = await pending.catch(() => undefined);
      statement?.finalize();
    }
  }

  async #statement(sql: string): Promise<Sqlite3Statement> {
    const cached = this.#cache.get(sql);
    if (cached) {
      // Re-insert to mark it most recently used.
      this.#cache.delete(sql);
      this.#cache.set(sql, cached);
      return cached;
    }
    const pending = this.#prepare(sql);
    // A statement that fails to prepare is not cached: the schema may change and make it valid.
    pending.catch(() => this.#cache.delete(sql));
    this.#cache.set(sql, pending);
    if (this.#cache.size > this.#cacheSize) {
      const [oldestSql, oldest] = this.#cache.entries().next().value as [string, Promise<Sqlite3Statement>];
      this.#cache.delete(oldestSql);
      void oldest.then((s) => s.finalize()).catch(() => undefined);
    }
    return pending;
  }

  #prepare(sql: string): Promise<Sqlite3Statement> {
    return new Promise((resolve, reject) => {
      const statement = this.#db.prepare(sql, (err) => (err ? reject(new SqliteQueryError(err, sql)) : resolve(statement)));
    });
  }
}
