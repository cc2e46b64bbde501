import type { Command } from 'commander';
import type { CommandContext } from '../cli/command-context';
import { addAdminCommonOptions } from './admin-session-option';

type Options = import('../admin/run-admin-device-command').AdminDeviceCommandOptions;
type Mutation = import('../admin/admin-operations').DeviceCommandMutation;

/** Registers `fieldsync admin lock|unlock|wipe|force-full-sync <deviceId>`: device commands, obeyed at the device's next contact. */
export function registerAdminDeviceControlCommand(admin: Command, context: CommandContext): void {
  const run = async (mutation: Mutation, deviceId: string, options: Options) => {
    const { runAdminDeviceCommand } = require('../admin/run-admin-device-command') as typeof import('../admin/run-admin-device-command');
    await runAdminDeviceCommand(mutation, deviceId, options, context);
  };
  addAdminCommonOptions(admin.command('lock').description('Lock a device: it refuses local work and syncs until unlocked.').argument('<deviceId>')).action(
    (deviceId: string, options: Options) => run('lockDevice', deviceId, options),
  );
  addAdminCommonOptions(admin.command('unlock').description('Unlock a locked device.').argument('<deviceId>')).action((deviceId: string, options: Options) =>
    run('unlockDevice', deviceId, options),
  );
  addAdminCommonOptions(
    admin
      .command('wipe')
      .description('Wipe a device: it erases its data and credentials at its next contact; its tokens stop working at once.')
      .argument('<deviceId>')
      .option('--yes', 'do not ask; without it the device id must be typed on the terminal'),
  ).action((deviceId: string, options: Options) => run('wipeDevice', deviceId, options));
  addAdminCommonOptions(
    admin
      .command('force-full-sync')
      .description('Order a device to download entities again in full at its next sync.')
      .argument('<deviceId>')
      .option('--entity <name...>', 'the entities to download again (default: every entity)')
      .option('--discard-local-changes', "drop the device's changes not yet uploaded"),
  )
    .addHelpText('after', '\nExample:\n  fieldsync admin force-full-sync 5f0c… --entity account contact')
    .action((deviceId: string, options: Options) => run('forceFullSync', deviceId, options));
}
