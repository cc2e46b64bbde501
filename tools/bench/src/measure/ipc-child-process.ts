import { fork, type ChildProcess } from 'node:child_process';
import { profileNodeArgs } from './profile-node-args';

/** A TypeScript child process (under tsx) that answers requests over IPC; see {@link startIpcChildProcess}. */
export interface IpcChildProcess<Ready> {
  /** The child's process id. */
  readonly pid: number;
  /** The child's first message (its `ready: true` message). */
  readonly ready: Ready;
  /** Sends `{ ...request, id }` and resolves with the `value` of the answer with that id; rejects with its `error`, or when the child dies. */
  request<T>(request: Readonly<Record<string, unknown>> & { readonly method: string }): Promise<T>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  /** Kills the process (SIGKILL) if it is still running. */
  kill(): void;
}

/**
 * Forks `file` under tsx with `options` as JSON in argv[2] and waits for its first IPC message: a
 * `{ ready: true, ... }` message resolves, `{ ready: false, error }` or an early exit rejects. Later
 * messages `{ id, ok, value | error }` answer requests by id. Standard error is kept (the last 8,000
 * characters) for the error messages; standard output is dropped. `extraArgs` go to Node (e.g.
 * `--max-old-space-size`), `env` adds to the environment.
 */
export async function startIpcChildProcess<Ready extends { readonly ready: true }>(
  file: string,
  options: unknown,
  label: string,
  extra: { readonly nodeArgs?: readonly string[]; readonly env?: Readonly<Record<string, string>> } = {},
): Promise<IpcChildProcess<Ready>> {
  const child: ChildProcess = fork(file, [JSON.stringify(options)], {
    execArgv: [...(extra.nodeArgs ?? []), ...profileNodeArgs(), '--require', require.resolve('tsx/cjs')],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, ...extra.env },
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<Ready>((resolve, reject) => {
    const onExit = (code: number | null, signal: string | null): void =>
      reject(new Error(`${label} exited (${signal ?? code}) before it was ready:\n${stderr}`));
    child.once('exit', onExit);
    child.once('message', (message: Ready | { ready: false; error: string }) => {
      child.off('exit', onExit);
      if (message.ready) resolve(message);
      else reject(new Error(`${label} did not start:\n${message.error}`));
    });
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  child.on('message', (message: { id?: number; ok?: boolean; value?: unknown; error?: string }) => {
    const waiting = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiting || message.id === undefined) return;
    pending.delete(message.id);
    if (message.ok) waiting.resolve(message.value);
    else waiting.reject(new Error(`${label}: ${message.error}`));
  });
  child.on('exit', (code, signal) => {
    for (const waiting of pending.values()) waiting.reject(new Error(`${label} exited (${signal ?? code}):\n${stderr}`));
    pending.clear();
  });
  return {
    pid: child.pid ?? -1,
    ready,
    exited,
    request<T>(request: Readonly<Record<string, unknown>> & { readonly method: string }): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (!child.connected) {
          reject(new Error(`${label} is not running:\n${stderr}`));
          return;
        }
        const id = nextId++;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ ...request, id });
      });
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
