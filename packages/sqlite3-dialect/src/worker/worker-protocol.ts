/**
 * The messages between {@link WorkerSqliteConnection} and its worker thread (sqlite-worker.js): one
 * request, one reply, matched by `id`. Id 0 is the worker's answer to opening the file.
 */
export type WorkerRequest =
  | { readonly id: number; readonly op: 'query'; readonly sql: string; readonly parameters: unknown[] }
  | { readonly id: number; readonly op: 'stream'; readonly sql: string; readonly parameters: unknown[]; readonly chunkSize: number }
  | { readonly id: number; readonly op: 'next'; readonly stream: number; readonly chunkSize: number }
  | { readonly id: number; readonly op: 'end'; readonly stream: number }
  | { readonly id: number; readonly op: 'close' };

/** What one statement answered: its rows when it returns rows, otherwise what it changed. */
export interface WorkerStatementResult {
  readonly rows?: unknown[];
  readonly changes?: number;
  readonly lastInsertRowid?: number;
}

/** The worker's reply to one request. */
export interface WorkerReply extends WorkerStatementResult {
  readonly id: number;
  /** SQLite's (or the worker's) error; `code` is better-sqlite3's extended result code name. */
  readonly error?: { readonly message: string; readonly code?: string };
  /** A streamed query has no more rows. */
  readonly done?: boolean;
}

/** What the worker is started with (its `workerData`). */
export interface WorkerStartData {
  readonly file: string;
  readonly readOnly: boolean;
  readonly busyTimeoutMs: number;
  readonly statementCacheSize: number;
  /** The resolved path of better-sqlite3, so the worker loads the same copy as this package. */
  readonly betterSqlite3: string;
}
