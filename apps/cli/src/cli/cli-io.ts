import type { SyncEngineOptions } from '@fieldsync/sync-core';
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
  /**
   * Test hooks handed to the sync engine of `device` commands (crash tests kill the process at chosen
   * sync points). @internal Only test entry points set it; {@link processIo} never does.
   */
  readonly syncTestHooks?: SyncEngineOptions['testHooks'];
}

/** The running process's streams and working directory. */
export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    interactive: process.stderr.isTTY === true,
    cwd: process.cwd(),
    onInterrupt: (listener) => {
      process.on('SIGINT', listener);
      return () => void process.off('SIGINT', listener);
    },
  };
}
