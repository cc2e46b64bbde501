import { Kysely, sql, type Dialect } from 'kysely';
import sqlite3 from 'sqlite3';
import { Sqlite3Dialect } from '../dialect/sqlite3-dialect';
import { SqliteQueryError } from '../dialect/sqlite-query-error';
import { WorkerSqliteDialect } from '../worker/worker-sqlite-dialect';
import type { OpenSqliteDatabaseOptions } from './open-sqlite-database-options';
import { SqliteOpenError } from './sqlite-open-error';

/**
 * Opens (creating it if needed) a SQLite file as a `Kysely<DB>`, with journal_mode=WAL,
 * synchronous=NORMAL, foreign_keys=ON, a busy timeout and a 16 MB page cache, on the driver the
 * options name (the `sqlite3` package by default; better-sqlite3 on a worker thread with `'worker'`).
 * Throws {@link SqliteOpenError} when the file cannot be opened or is not a SQLite database.
 * Close it with `db.destroy()`. Use `':memory:'` for a private in-memory database.
 */
export async function openSqliteDatabase<DB>(file: string, options: OpenSqliteDatabaseOptions = {}): Promise<Kysely<DB>> {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const db = new Kysely<DB>({
    dialect: options.driver === 'worker' ? workerDialect(file, options, busyTimeoutMs) : await sqlite3Dialect(file, options, busyTimeoutMs),
  });
  try {
    // Switching a new file to WAL while another connection creates it can answer SQLITE_BUSY without
    // waiting on the busy timeout: the switch is tried again for as long as that timeout.
    const deadline = Date.now() + busyTimeoutMs;
    for (;;) {
      try {
        // The first statement reads the header: a foreign or corrupt file fails here, before any write.
        await sql`pragma schema_version`.execute(db);
        if (!options.readOnly && file !== ':memory:' && file !== '') await sql`pragma journal_mode = WAL`.execute(db);
        break;
      } catch (error) {
        if (!SqliteQueryError.is(error) || error.sqliteCode !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    await sql`pragma synchronous = NORMAL`.execute(db);
    await sql`pragma foreign_keys = ON`.execute(db);
    await sql.raw(`pragma cache_size = -${Math.trunc(options.cacheSizeKib ?? 16000)}`).execute(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    if (SqliteQueryError.is(error)) throw new SqliteOpenError(file, error.sqliteCode, error.message, { cause: error });
    throw error;
  }
  return db;
}

async function sqlite3Dialect(file: string, options: OpenSqliteDatabaseOptions, busyTimeoutMs: number): Promise<Dialect> {
  const mode = options.readOnly ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE;
  const database = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened: sqlite3.Database = new sqlite3.Database(file, mode, (err) =>
      err ? reject(new SqliteOpenError(file, codeOf(err), err.message, { cause: err })) : resolve(opened),
    );
  });
  database.configure('busyTimeout', busyTimeoutMs);
  return new Sqlite3Dialect({ database, statementCacheSize: options.statementCacheSize });
}

function workerDialect(file: string, options: OpenSqliteDatabaseOptions, busyTimeoutMs: number): Dialect {
  return new WorkerSqliteDialect({ file, readOnly: options.readOnly ?? false, busyTimeoutMs, statementCacheSize: options.statementCacheSize });
}

function codeOf(err: Error): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'SQLITE_CANTOPEN';
}
