import type { Command } from 'commander';
import type { CommandContext } from '../cli/command-context';
import { addDeviceConnectionOptions, type DeviceConnectionOptions } from './device-connection-options';

/**
 * Registers `fieldsync device watch`: the sync scheduler in the foreground, as an app would run it,
 * with a live status line; Ctrl+C stops it, pausing a running sync for the next watch to resume.
 */
export function registerDeviceWatchCommand(device: Command, context: CommandContext): void {
  addDeviceConnectionOptions(
    device
      .command('watch')
      .description("Run the sync scheduler in the foreground (the day's non-blocking sync, retries, guards) with a live status line; Ctrl+C pauses."),
  )
    .option('--apply-updates', 'apply the updates of each non-blocking sync as soon as they arrive (Apply Update); else run fieldsync device apply')
    .addHelpText(
      'after',
      '\nThe scheduler line shows what it does; state: lines show the device (up to date, syncing, updates available\n' +
        'with their age, sync errors, auth errors, offline, paused). A new device runs its initial blocking sync first.\n' +
        'The scheduler keeps its memory in <db>.scheduler.json,\n' +
        'so a sync paused by Ctrl+C resumes at the next watch within 12 h. Exit code 0 after Ctrl+C.\n' +
        '\nExample:\n  fieldsync device watch --db ./alice.db',
    )
    .action(async (options: DeviceConnectionOptions & { applyUpdates?: boolean }) => {
      const { watchDevice } = require('../device/watch-device') as typeof import('../device/watch-device');
      await watchDevice(options, context);
    });
}
