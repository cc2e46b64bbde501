import type { Command } from 'commander';
import type { CommandContext } from '../cli/command-context';
import { parseWholeNumber } from './parse-options';

interface DeviceLogOptions {
  readonly db: string;
  readonly limit: string;
  readonly json?: boolean;
}

/** Registers `fieldsync device log`: the newest syncs of the device with their results and figures. */
export function registerDeviceLogCommand(device: Command, context: CommandContext): void {
  device
    .command('log')
    .description('Show the newest syncs of the device, newest first.')
    .requiredOption('--db <path>', 'device database file')
    .option('--limit <n>', 'most syncs to show', '20')
    .option('--json', 'print the entries as JSON, each with its full sync result')
    .addHelpText(
      'after',
      '\nA sync still "running" was interrupted (the process ended before it finished).\n\nExample:\n  fieldsync device log --db ./alice.db --limit 5',
    )
    .action(async (options: DeviceLogOptions) => {
      const { withLocalDevice } = require('../device/device-session') as typeof import('../device/device-session');
      const limit = parseWholeNumber('--limit', options.limit, 1, 1_000_000);
      await withLocalDevice(options.db, context, async ({ local }) => {
        const entries = await local.syncLog(limit);
        if (options.json) {
          context.io.out(`${JSON.stringify(entries, null, 2)}\n`);
          return;
        }
        if (entries.length === 0) {
          context.printer.line('No syncs yet.');
          return;
        }
        const dash = '-';
        context.printer.table(
          ['id', 'started', 'kind', 'result', 'uploaded', 'downloaded', 'deleted', 'conflicts', 'errors', 'ms'],
          entries.map((entry) => {
            const summary = entry.summary;
            return [
              String(entry.id),
              entry.startedAt,
              entry.kind,
              summary?.error ? `${entry.result} (${summary.error.code})` : entry.result,
              summary?.uploaded ?? dash,
              summary?.downloaded ?? dash,
              summary?.deleted ?? dash,
              summary?.conflicts ?? dash,
              summary?.errors ?? dash,
              summary?.durationMs ?? dash,
            ];
          }),
        );
      });
    });
}
