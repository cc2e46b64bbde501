import type { Command } from 'commander';
import type { CommandContext } from '../cli/command-context';
import { registerDeviceApplyCommand } from './device-apply-command';
import { registerDeviceErrorsCommand } from './device-errors-command';
import { registerDeviceDocsCommand } from './device-docs-command';
import { registerDeviceFilesCommand } from './device-files-command';
import { registerDeviceLogCommand } from './device-log-command';
import { registerDeviceLoginCommand } from './device-login-command';
import { registerDeviceRecordsCommand } from './device-records-command';
import { registerDeviceRefreshModeCommand } from './device-refresh-mode-command';
import { registerDeviceResetCommand } from './device-reset-command';
import { registerDeviceResolveCommand } from './device-resolve-command';
import { registerDeviceStatusCommand } from './device-status-command';
import { registerDeviceSyncCommand } from './device-sync-command';
import { registerDeviceWatchCommand } from './device-watch-command';

/** Registers `fieldsync device`, the reference mobile client: a device database kept in sync by sync-core. */
export function registerDeviceCommand(program: Command, context: CommandContext): void {
  const device = program
    .command('device')
    .description('The reference mobile client: sync a device database with a CRM, and read and change its records offline.');
  registerDeviceLoginCommand(device, context);
  registerDeviceSyncCommand(device, context);
  registerDeviceApplyCommand(device, context);
  registerDeviceRecordsCommand(device, context);
  registerDeviceErrorsCommand(device, context);
  registerDeviceResolveCommand(device, context);
  registerDeviceStatusCommand(device, context);
  registerDeviceLogCommand(device, context);
  registerDeviceResetCommand(device, context);
  registerDeviceWatchCommand(device, context);
  registerDeviceRefreshModeCommand(device, context);
  registerDeviceFilesCommand(device, context);
  registerDeviceDocsCommand(device, context);
}
