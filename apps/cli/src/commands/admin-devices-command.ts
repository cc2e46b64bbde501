import { Option, type Command } from 'commander';
import type { CommandContext } from '../cli/command-context';
import { addAdminCommonOptions } from './admin-session-option';

/** Registers `fieldsync admin devices list` and `fieldsync admin devices show <deviceId>`. */
export function registerAdminDevicesCommand(admin: Command, context: CommandContext): void {
  const devices = admin.command('devices').description("The bridge's registered devices.");
  addAdminCommonOptions(
    devices
      .command('list')
      .description('List the devices, newest activity first (pages through the whole fleet).')
      .addOption(new Option('--state <state>', 'only devices in this state').choices(['active', 'locked', 'wiped']))
      .option('--first <n>', 'at most this many devices (default: all)')
      .option('--page-size <n>', 'devices asked for per request (default: 100)'),
  )
    .addHelpText('after', "\nExamples:\n  fieldsync admin devices list --state locked\n  fieldsync admin devices list --json | jq -r '.devices[].deviceId'")
    .action(async (options: import('../admin/run-admin-devices').AdminDevicesListOptions) => {
      const { runAdminDevicesList } = require('../admin/run-admin-devices') as typeof import('../admin/run-admin-devices');
      await runAdminDevicesList(options, context);
    });

  addAdminCommonOptions(
    devices.command('show').description('Show a device: its state, user, recent syncs and the commands issued to it.').argument('<deviceId>', 'the device id'),
  ).action(async (deviceId: string, options: { session?: string; json?: boolean }) => {
    const { runAdminDevicesShow } = require('../admin/run-admin-devices') as typeof import('../admin/run-admin-devices');
    await runAdminDevicesShow(deviceId, options, context);
  });
}
