import type { DeviceChannel } from '@fieldsync/connector-api';
import type { SyncReporter } from '../engine/sync-reporter';

/** Reports a command carried out; a failure to report is a warning (the bridge sees the command stay open). */
export async function completeCommand(channel: DeviceChannel, commandId: string, reporter: SyncReporter): Promise<void> {
  try {
    await channel.completeCommand(commandId, { ok: true });
    reporter.log(`<CommandDone Id="${commandId}" />`);
  } catch (error) {
    reporter.warn({
      code: 'COMMAND_REPORT_FAILED',
      message: `command ${commandId} was carried out but could not be reported: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
}
