import { Option, type Command } from 'commander';
import type { CommandContext } from '../cli/command-context';
import { withLocalDevice } from '../device/device-session';
import { parseWholeNumber } from './parse-options';

interface DeviceResolveOptions {
  readonly db: string;
  readonly keep: 'local' | 'server';
}

/** Registers `fieldsync device resolve`: settles one sync error by keeping the device's change or the server's record. */
export function registerDeviceResolveCommand(device: Command, context: CommandContext): void {
  device
    .command('resolve')
    .description('Resolve a sync error: keep the device\'s change (sent again with the next sync) or the server\'s record.')
    .argument('<errorId>', 'id of the error, as listed by fieldsync device errors')
    .requiredOption('--db <path>', 'device database file')
    .addOption(new Option('--keep <side>', 'which side wins').choices(['local', 'server']).makeOptionMandatory())
    .addHelpText('after', '\nExample:\n  fieldsync device resolve 3 --keep server --db ./alice.db')
    .action(async (errorIdText: string, options: DeviceResolveOptions) => {
      const errorId = parseWholeNumber('<errorId>', errorIdText, 1);
      await withLocalDevice(options.db, context, async ({ engine }) => {
        await engine.resolveError(errorId, options.keep);
        context.printer.line(
          options.keep === 'local'
            ? `Resolved sync error ${errorId}: the device's change goes up again with the next sync.`
            : `Resolved sync error ${errorId}: the server's record was kept and the device's change dropped.`,
        );
      });
    });
}
