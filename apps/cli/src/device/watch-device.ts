import path from 'node:path';
import { SyncScheduler, type SchedulerStatus, type SyncEngineStatus } from '@fieldsync/sync-core';
import type { CommandContext } from '../cli/command-context';
import type { DeviceConnectionOptions } from '../commands/device-connection-options';
import { withConnectedDevice } from './device-session';
import { createFileSchedulerMemory } from './file-scheduler-memory';
import { createProcessSchedulerHost } from './process-scheduler-host';
import { formatSchedulerStatus, statusKey } from './scheduler-status-line';
import { formatSyncState } from './sync-state-line';

/**
 * `fieldsync device watch`: runs the sync scheduler over the connected device in the foreground with a
 * live status line until the process is interrupted, then stops it (a running sync is kept as paused).
 * The engine's state goes on `state:` lines; with `applyUpdates`, updates are applied as they arrive.
 */
export async function watchDevice(options: DeviceConnectionOptions & { readonly applyUpdates?: boolean }, context: CommandContext): Promise<void> {
  await withConnectedDevice(options, context, async ({ file, engine, server }) => {
    const { io, printer } = context;
    const scheduler = new SyncScheduler({ target: engine, host: createProcessSchedulerHost(path.dirname(file)), memory: createFileSchedulerMemory(file) });
    printer.line(`Watching ${file} as ${server} (Ctrl+C to pause and quit)`);
    let lastKey = '';
    const show = (status: SchedulerStatus) => {
      const line = `${new Date().toISOString().slice(11, 19)} ${formatSchedulerStatus(status)}`;
      if (io.interactive) {
        io.err(`\r\x1b[K${line}`);
        return;
      }
      const key = statusKey(status);
      if (key === lastKey) return;
      lastKey = key;
      io.out(`${line}\n`);
    };
    const stopped = new Promise<void>((resolve) => {
      const stopListening = io.onInterrupt?.(() => {
        stopListening?.();
        resolve();
      });
    });
    scheduler.on('status', show);
    // The engine's one state (updates available, sync errors, auth errors...) on lines of its own.
    let lastState = '';
    let applying = false;
    const showState = (status: SyncEngineStatus) => {
      const line = `state: ${formatSyncState(status)}`;
      // While syncing, a line per step (the scheduler's line shows the progress).
      const key = status.state.kind === 'syncing' ? `syncing:${status.state.step}` : line;
      if (key !== lastState) {
        lastState = key;
        if (status.state.kind !== 'syncing' || !io.interactive) io.out(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
      }
      if (options.applyUpdates && status.state.kind === 'updates-available' && !applying) {
        applying = true;
        void engine
          .applyUpdate()
          .catch((error: unknown) => printer.error(`Apply Update failed: ${error instanceof Error ? error.message : String(error)}`))
          .finally(() => (applying = false));
      }
    };
    const stopState = engine.on('status', showState);
    showState(await engine.status());
    await scheduler.start();
    show(scheduler.status);
    if (scheduler.status.state === 'guarded' && scheduler.status.guard === 'initial-sync-required') {
      // The reference client is "the app opened by a new user": it runs the initial blocking sync at once.
      void scheduler.runInitialSync().catch(() => undefined);
    }
    await stopped;
    await scheduler.stop();
    stopState();
    if (io.interactive) io.err('\n');
    io.out(`Stopped: ${formatSchedulerStatus(scheduler.status)}\n`);
  });
}
