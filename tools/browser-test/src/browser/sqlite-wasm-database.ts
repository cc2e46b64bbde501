import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** The part of a SQLite WASM (`@sqlite.org/sqlite-wasm` oo1) prepared statement the adapter uses. */
export interface WasmStatement {
  readonly columnCount: number;
  bind(values: readonly unknown[]): unknown;
  step(): boolean;
  get(row: Record<string, unknown>): Record<string, unknown>;
  finalize(): unknown;
}

/** The part of a SQLite WASM oo1 database (`OpfsSAHPoolDb`, `OpfsDb`, `DB`) the adapter uses. */
export interface WasmDatabase {
  prepare(sql: string): WasmStatement;
  changes(): number | bigint;
  selectValue(sql: string): unknown;
  close(): void;
}

/**
 * Adapts a SQLite WASM oo1 database to kysely's `SqliteDatabase`, so that kysely's own `SqliteDialect`
 * (the synchronous driver it ships for better-sqlite3) runs over it: `new Kysely({ dialect: new
 * SqliteDialect({ database: sqliteWasmDatabase(db) }) })`. Each statement is prepared, run once and
 * finalized, as kysely prepares one per query.
 */
export function sqliteWasmDatabase(db: WasmDatabase): SqliteDatabase {
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      const statement = db.prepare(sql);
      // kysely runs each prepared statement once, through one of these three.
      const once = <T>(parameters: readonly unknown[], work: () => T): T => {
        try {
          if (parameters.length > 0) statement.bind(parameters);
          return work();
        } finally {
          statement.finalize();
        }
      };
      const all = (parameters: readonly unknown[]) =>
        once(parameters, () => {
          const rows: Record<string, unknown>[] = [];
          while (statement.step()) rows.push(statement.get({}));
          return rows;
        });
      return {
        reader: statement.columnCount > 0,
        all,
        run(parameters) {
          once(parameters, () => {
            while (statement.step()) {
              // A write that returns rows (RETURNING) is read through `all`; here the rows are dropped.
            }
          });
          return { changes: db.changes(), lastInsertRowid: db.selectValue('select last_insert_rowid()') as number | bigint };
        },
        iterate: (parameters) => all(parameters)[Symbol.iterator](),
      };
    },
  };
}
