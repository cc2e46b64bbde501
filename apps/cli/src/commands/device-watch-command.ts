import path from 'node:path';
import type { Command } from 'commander';
import { SyncScheduler, type SchedulerStatus } from '@fieldsync/sync-core';
import type { CommandContext } from '../cli/command-context';
import { withConnectedDevice } from '../device/device-session';
import { createFileSchedulerMemory } from '../device/file-scheduler-memory';
import { createProcessSchedulerHost } from '../device/process-scheduler-host';
import { formatSchedulerStatus, statusKey } from '../device/scheduler-status-line';
import { addDeviceConnectionOptions, type DeviceConnectionOptions } from './device-connection-options';

/**
 * Registers `fieldsync device watch`: the sync scheduler in the foreground, as an app would run it,
 * with a live status line; Ctrl+C stops it, pausing a running sync for the next watch to resume.
 */
export function registerDeviceWatchCommand(device: Command, context: CommandContext): void {
  addDeviceConnectionOptions(
    device
      .command('watch')
      .description('Run the sync scheduler in the foreground (the day\'s non-blocking sync, retries, guards) with a live status line; Ctrl+C pauses.'),
  )
    .addHelpText(
      'after',
      '\nA new device runs its initial blocking sync first. The scheduler keeps its memory in <db>.scheduler.json,\n' +
        'so a sync paused by Ctrl+C resumes at the next watch within 12 h. Exit code 0 after Ctrl+C.\n' +
        '\nExample:\n  fieldsync device watch --db ./alice.db',
    )
    .action(async (options: DeviceConnectionOptions) => {
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
        await scheduler.start();
        show(scheduler.status);
        if (scheduler.status.state === 'guarded' && scheduler.status.guard === 'initial-sync-required') {
          // The reference client is "the app opened by a new user": it runs the initial blocking sync at once.
          void scheduler.runInitialSync().catch(() => undefined);
        }
        await stopped;
        await scheduler.stop();
        if (io.interactive) io.err('\n');
        io.out(`Stopped: ${formatSchedulerStatus(scheduler.status)}\n`);
      });
    });
}
