import type { Command } from 'commander';
import type { CommandContext } from '../cli/command-context';

interface DeviceErrorsOptions {
  readonly db: string;
  readonly json?: boolean;
}

/** Registers `fieldsync device errors`: the sync errors (conflicts, refusals) waiting for the user. */
export function registerDeviceErrorsCommand(device: Command, context: CommandContext): void {
  device
    .command('errors')
    .description('List the sync errors waiting for you: conflicts, records deleted on the server, refused changes.')
    .requiredOption('--db <path>', 'device database file')
    .option('--json', 'print a JSON array of errors (with the local fields and the server record)')
    .addHelpText('after', '\nResolve one with fieldsync device resolve <id> --keep local|server.\n\nExample:\n  fieldsync device errors --db ./alice.db')
    .action(async (options: DeviceErrorsOptions) => {
      const { withLocalDevice } = require('../device/device-session') as typeof import('../device/device-session');
      await withLocalDevice(options.db, context, async ({ local }) => {
        const errors = await local.errors();
        if (options.json) {
          context.io.out(`${JSON.stringify(errors, null, 2)}\n`);
          return;
        }
        const { printer } = context;
        if (errors.length === 0) {
          printer.line('No sync errors.');
          return;
        }
        printer.table(
          ['id', 'entity', 'record', 'kind', 'code', 'message'],
          errors.map((error) => [String(error.id), error.entity, error.recordId, error.kind, error.code, error.message]),
        );
        printer.line();
        printer.line(
          `${errors.length} sync error${errors.length === 1 ? '' : 's'}; resolve one with: fieldsync device resolve <id> --keep local|server --db ${options.db}`,
        );
      });
    });
}
