'use strict';
/**
 * The worker thread of the worker dialect (worker-sqlite-dialect.ts): owns the one better-sqlite3
 * connection and runs every statement synchronously here, off the app's event loop. Plain CommonJS,
 * no TypeScript, so that the same file runs under jest, tsx and the esbuild bundle of the CLI (which
 * copies it beside dist/fieldsync.js). The protocol is in worker-protocol.ts.
 */
const { parentPort, workerData } = require('node:worker_threads');

const Database = require(workerData.betterSqlite3);

/** @type {import('better-sqlite3').Database | undefined} */
let db;
/** Prepared statements by SQL text, least recently used first. */
const cache = new Map();
/** Open row iterators of streamed queries, by request id. */
const iterators = new Map();

function errorOf(error) {
  const code = error && typeof error.code === 'string' ? error.code : undefined;
  return { message: error && error.message ? String(error.message) : String(error), code };
}

function statement(sql) {
  const cached = cache.get(sql);
  if (cached) {
    // Re-insert to mark it most recently used.
    cache.delete(sql);
    cache.set(sql, cached);
    return cached;
  }
  // A statement that fails to prepare is not cached: the schema may change and make it valid.
  const prepared = db.prepare(sql);
  cache.set(sql, prepared);
  if (cache.size > workerData.statementCacheSize) cache.delete(cache.keys().next().value);
  return prepared;
}

/** Blobs arrive as Uint8Array after the structured clone; better-sqlite3 binds Buffers. */
function bindable(parameters) {
  for (let index = 0; index < parameters.length; index += 1) {
    const value = parameters[index];
    if (value instanceof Uint8Array && !Buffer.isBuffer(value)) parameters[index] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  return parameters;
}

function execute(sql, parameters) {
  const prepared = statement(sql);
  if (prepared.reader) return { rows: prepared.all(bindable(parameters)) };
  const result = prepared.run(bindable(parameters));
  return { changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) };
}

function nextChunk(id, size) {
  const iterator = iterators.get(id);
  const rows = [];
  while (rows.length < size) {
    const step = iterator.next();
    if (step.done) {
      iterators.delete(id);
      return { rows, done: true };
    }
    rows.push(step.value);
  }
  return { rows, done: false };
}

function handle(message) {
  switch (message.op) {
    case 'query':
      return execute(message.sql, message.parameters);
    case 'stream': {
      // A streamed statement gets its own prepared copy: the cached one may be stepped by another query.
      const prepared = db.prepare(message.sql);
      iterators.set(message.id, prepared.iterate(bindable(message.parameters)));
      return nextChunk(message.id, message.chunkSize);
    }
    case 'next':
      return nextChunk(message.stream, message.chunkSize);
    case 'end': {
      const iterator = iterators.get(message.stream);
      iterators.delete(message.stream);
      iterator?.return?.();
      return {};
    }
    case 'close':
      for (const iterator of iterators.values()) iterator.return?.();
      iterators.clear();
      cache.clear();
      db?.close();
      db = undefined;
      return {};
    default:
      throw new Error(`unknown worker operation ${message.op}`);
  }
}

parentPort.on('message', (message) => {
  let reply;
  try {
    reply = { id: message.id, ...handle(message) };
  } catch (error) {
    reply = { id: message.id, error: errorOf(error) };
  }
  parentPort.postMessage(reply);
});

try {
  db = new Database(workerData.file, { readonly: workerData.readOnly, fileMustExist: workerData.readOnly, timeout: workerData.busyTimeoutMs });
  parentPort.postMessage({ id: 0 });
} catch (error) {
  parentPort.postMessage({ id: 0, error: errorOf(error) });
}
