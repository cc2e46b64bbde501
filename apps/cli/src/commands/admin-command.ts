import type { Command } from 'commander';
import type { CommandContext } from '../cli/command-context';
import { registerAdminCustomizationCommand } from './admin-customization-command';
import { registerAdminDeviceControlCommand } from './admin-device-control-command';
import { registerAdminDevicesCommand } from './admin-devices-command';
import { registerAdminLoginCommand } from './admin-login-command';

/** Registers `fieldsync admin`: the bridge's admin API from scripts (sign in, the fleet, device commands). */
export function registerAdminCommand(program: Command, context: CommandContext): void {
  const admin = program
    .command('admin')
    .description(
      "Administer a bridge's fleet from the command line: sign in as an admin, list and inspect devices, lock, unlock, wipe, force full syncs; check, dry-run and publish customizations.",
    );
  registerAdminLoginCommand(admin, context);
  registerAdminDevicesCommand(admin, context);
  registerAdminDeviceControlCommand(admin, context);
  registerAdminCustomizationCommand(admin, context);
}
