import type { SyncEngine, SyncResult } from '@fieldsync/sync-core';
import type { CommandContext } from '../cli/command-context';
import { SyncFailedError } from '../errors/device-errors';
import { createProgressReporter } from '../output/progress-reporter';
import { eraseDeviceFiles } from './erase-device-files';
import { withConnectedDevice, type ConnectedDeviceOptions } from './device-session';
import { syncProgressListener } from './sync-progress';
import { printSyncSummary, summarizeSync, type SyncSummary } from './sync-summary';

/** Options of {@link runDeviceSync}: where the device and the server are, and how to print. */
export interface RunDeviceSyncOptions extends Omit<ConnectedDeviceOptions, 'onProgress'> {
  /** Print the summary as JSON on standard output (progress goes to standard error). @default false */
  readonly json?: boolean;
  /** What the run is called in the summary's first line, e.g. `Sync` or `Reset`. */
  readonly title: string;
}

/**
 * Runs one synchronization (`run` calls `engine.sync` or `engine.reset`) with a progress bar or
 * progress lines, prints its summary, and throws {@link SyncFailedError} (the sync's own code) when
 * the result is `failed`, after the summary is printed. The first Ctrl+C cancels the sync through
 * `signal` (it stops after the page being written, keeping what came); a second ends the process.
 * Answers the summary.
 */
export async function runDeviceSync(
  options: RunDeviceSyncOptions,
  context: CommandContext,
  run: (engine: SyncEngine, signal: AbortSignal) => Promise<SyncResult>,
): Promise<SyncSummary> {
  const { io, printer } = context;
  const cancel = new AbortController();
  const stopListening = io.onInterrupt?.(() => {
    stopListening?.();
    cancel.abort();
    printer.error('Cancelling: the sync stops after the page being written and keeps what it received (Ctrl+C again to quit at once).');
  });
  try {
    return await runWithProgress(options, context, (engine) => run(engine, cancel.signal));
  } finally {
    stopListening?.();
  }
}

async function runWithProgress(options: RunDeviceSyncOptions, context: CommandContext, run: (engine: SyncEngine) => Promise<SyncResult>): Promise<SyncSummary> {
  const { io, printer } = context;
  // With --json standard output carries the JSON alone, so progress lines go to standard error.
  const progress = createProgressReporter(options.json ? { ...io, out: io.err } : io);
  const onProgress = syncProgressListener(progress);
  let wipedFile: string | undefined;
  const summary = await withConnectedDevice({ ...options, onProgress }, context, async ({ file, engine, server }) => {
    if (!options.json) printer.line(`${options.title} of ${file} as ${server}`);
    try {
      const result = await run(engine);
      if (result.wiped) wipedFile = file;
      return summarizeSync(result);
    } finally {
      progress.stop();
    }
  });
  if (wipedFile) {
    // An administrator wiped the device: the engine emptied the database; the client deletes it and its login.
    eraseDeviceFiles(wipedFile);
    printer.error(`This device was wiped by an administrator: ${wipedFile} and its login were deleted.`);
    throw new SyncFailedError('DEVICE_WIPED', 'the device was wiped by an administrator');
  }
  if (options.json) {
    io.out(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    printer.line();
    printSyncSummary(printer, summary, options.title);
  }
  if (summary.result === 'failed') {
    const error = summary.error ?? { code: 'SYNC_FAILED', message: 'the sync failed without an error' };
    throw new SyncFailedError(error.code, error.message);
  }
  return summary;
}
