import { writerUntilClosed } from './writer-until-closed';

/**
 * Where a CLI run reads its environment from and writes its output to. The real process passes
 * {@link processIo}; tests pass buffers.
 */
export interface CliIo {
  /** Writes to standard output. */
  readonly out: (text: string) => void;
  /** Writes to standard error. */
  readonly err: (text: string) => void;
  /** Standard error is a terminal: show a live progress bar there instead of progress lines. */
  readonly interactive: boolean;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  /**
   * Calls `listener` when the user interrupts (Ctrl+C) instead of ending the process; answers the
   * function that stops listening, after which an interrupt ends the process as usual.
   */
  readonly onInterrupt?: (listener: () => void) => () => void;
}

/**
 * The running process's streams and working directory. A standard stream whose reader goes away
 * (`fieldsync … | head`) is written no more, quietly (see {@link writerUntilClosed}); call it once
 * per process.
 */
export function processIo(): CliIo {
  return {
    out: writerUntilClosed(process.stdout),
    err: writerUntilClosed(process.stderr),
    interactive: process.stderr.isTTY === true,
    cwd: process.cwd(),
    onInterrupt: (listener) => {
      process.on('SIGINT', listener);
      return () => void process.off('SIGINT', listener);
    },
  };
}
