import { isatty } from 'node:tty';
import type { SyncEngineOptions } from '@fieldsync/sync-core';
import { promptLine } from './prompt-line';
import { promptSecret } from './prompt-secret';
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
  /**
   * Test hooks handed to the sync engine of `device` commands (crash tests kill the process at chosen
   * sync points). @internal Only test entry points set it; {@link processIo} never does.
   */
  readonly syncTestHooks?: SyncEngineOptions['testHooks'];
  /** Standard input, for a command that reads a secret from it (`--password-stdin`); absent: there is none. */
  readonly input?: NodeJS.ReadableStream;
  /**
   * Asks the user for a secret (a password) on the terminal without echoing it, and answers what was
   * typed; absent when standard input is not a terminal.
   */
  readonly promptSecret?: (prompt: string) => Promise<string>;
  /** Asks the user for one line on the terminal, echoing it (a confirmation); absent when standard input is not a terminal. */
  readonly promptLine?: (prompt: string) => Promise<string>;
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
    // A getter: touching process.stdin opens it, which a command that never reads it should not do.
    get input() {
      return process.stdin;
    },
    ...(isatty(0)
      ? {
          promptSecret: (prompt: string) => promptSecret(prompt, process.stdin, process.stderr),
          promptLine: (prompt: string) => promptLine(prompt, process.stdin, process.stderr),
        }
      : {}),
  };
}
