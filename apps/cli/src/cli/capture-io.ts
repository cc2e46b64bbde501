import type { CliIo } from './cli-io';

/** A {@link CliIo} that keeps what was written, for running the CLI in-process (tests, embedding). */
export interface CapturedIo extends CliIo {
  /** Everything written to standard output so far. */
  stdout(): string;
  /** Everything written to standard error so far. */
  stderr(): string;
}

/** An io over in-memory buffers, resolving relative paths against `cwd`; never interactive. */
export function captureIo(cwd: string): CapturedIo {
  let out = '';
  let err = '';
  return {
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    interactive: false,
    cwd,
    stdout: () => out,
    stderr: () => err,
  };
}
