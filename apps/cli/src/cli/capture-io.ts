import type { CliIo } from './cli-io';

/** A {@link CliIo} that keeps what was written, for running the CLI in-process (tests, embedding). */
export interface CapturedIo extends CliIo {
  /** Everything written to standard output so far. */
  stdout(): string;
  /** Everything written to standard error so far. */
  stderr(): string;
  /** Plays a Ctrl+C; answers whether a command was listening for it. */
  interrupt(): boolean;
}

/** An io over in-memory buffers, resolving relative paths against `cwd`; never interactive. */
export function captureIo(cwd: string): CapturedIo {
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  return {
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    interactive: false,
    cwd,
    stdout: () => out,
    stderr: () => err,
    onInterrupt: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    interrupt: () => {
      for (const listener of [...listeners]) listener();
      return listeners.size > 0;
    },
  };
}
