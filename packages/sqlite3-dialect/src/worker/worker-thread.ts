import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest, WorkerStartData } from './worker-protocol';

/** The worker script's file name: beside this module, and beside a bundle of it (apps/cli/scripts/build-cli.js copies it). */
export const SQLITE_WORKER_FILE = 'sqlite-worker.js';

type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** Raised inside the worker: SQLite's message and result code. */
export class WorkerFailure extends Error {
  constructor(
    message: string,
    /** better-sqlite3's result code name (extended, e.g. `SQLITE_CONSTRAINT_UNIQUE`), when SQLite raised it. */
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'WorkerFailure';
  }
}

/**
 * One worker thread holding one better-sqlite3 connection, and the requests waiting for it. The
 * thread keeps the process alive only while a request waits, as a sqlite3 statement would.
 */
export class WorkerThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }>();
  #nextId = 1;
  #exited: Error | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (reply: WorkerReply) => {
      const waiting = this.#pending.get(reply.id);
      if (!waiting) return;
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) this.#worker.unref();
      if (reply.error) waiting.reject(new WorkerFailure(reply.error.message, reply.error.code));
      else waiting.resolve(reply);
    });
    const fail = (error: Error) => {
      this.#exited = error;
      for (const waiting of this.#pending.values()) waiting.reject(error);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the SQLite worker thread exited (code ${code})`)));
  }

  /** Starts the worker and opens the file in it; rejects with a {@link WorkerFailure} when SQLite cannot open it. */
  static async start(data: WorkerStartData): Promise<WorkerThread> {
    const worker = new Worker(workerFile(), { workerData: data });
    const thread = new WorkerThread(worker);
    const opened = new Promise<WorkerReply>((resolve, reject) => thread.#pending.set(0, { resolve, reject }));
    try {
      await opened;
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    return thread;
  }

  /** Sends one request and resolves with the worker's reply; rejects with a {@link WorkerFailure}. */
  request(request: Request): Promise<WorkerReply> {
    if (this.#exited) return Promise.reject(this.#exited);
    const id = this.#nextId++;
    if (this.#pending.size === 0) this.#worker.ref();
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...request, id });
    });
  }

  /** Closes the database in the worker, then stops the thread. */
  async close(): Promise<void> {
    if (this.#exited) return;
    await this.request({ op: 'close' }).catch(() => undefined);
    await this.#worker.terminate();
  }
}

/**
 * The worker script, beside this module: in the sources (jest, tsx), and beside a bundle that inlined
 * this module (the CLI's build copies it to dist/).
 */
function workerFile(): string {
  return path.join(__dirname, SQLITE_WORKER_FILE);
}
