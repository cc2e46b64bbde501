import type { Command } from 'commander';
import type { CommandContext } from '../cli/command-context';
import { addDeviceConnectionOptions, type DeviceConnectionOptions } from './device-connection-options';

interface DeviceSyncOptions extends DeviceConnectionOptions {
  readonly full?: boolean;
  readonly staged?: boolean;
}

/** Registers `fieldsync device sync`: one synchronization of a device database with an embedded CRM. */
export function registerDeviceSyncCommand(device: Command, context: CommandContext): void {
  addDeviceConnectionOptions(
    device.command('sync').description("Run one sync: upload the device's changes, then download what changed on the server for the user."),
  )
    .option('--full', 'download every entity again in full')
    .option('--staged', 'non-blocking: download into the staging area and end with "updates available"; fieldsync device apply swaps it in')
    .addHelpText(
      'after',
      '\nExit code 0 when the result is ok or warnings, 2 when the sync failed (error [CODE]: message).\n' +
        '\nExamples:\n  fieldsync device sync --db ./alice.db --crm ./crm.db --user alice\n' +
        '  fieldsync device sync --db ./alice.db --crm ./crm.db --user alice --customization ./custom.json --json',
    )
    .action(async (options: DeviceSyncOptions) => {
      const { runDeviceSync } = require('../device/run-device-sync') as typeof import('../device/run-device-sync');
      await runDeviceSync({ ...options, title: 'Sync' }, context, (engine, signal) =>
        engine.sync({ full: options.full === true, ...(options.staged ? { staged: true } : {}), signal }),
      );
    });
}
