import { Option, type Command } from 'commander';
import type { SyncErrorKind } from '@fieldsync/sync-core';
import type { CommandContext } from '../cli/command-context';
import { parseWholeNumber } from './parse-options';

interface DeviceResolveOptions {
  readonly db: string;
  readonly keep: 'local' | 'server';
}

/**
 * Registers `fieldsync device resolve`: settles one sync error by keeping the device's change or the server's
 * record. For a record deleted on the server, `local` creates it again and `server` accepts the delete.
 */
export function registerDeviceResolveCommand(device: Command, context: CommandContext): void {
  device
    .command('resolve')
    .description(
      "Resolve a sync error: keep the device's change (sent again with the next sync; a record deleted on the server is created again) or the server's record (for a record deleted on the server: accept the delete).",
    )
    .argument('<errorId>', 'id of the error, as listed by fieldsync device errors')
    .requiredOption('--db <path>', 'device database file')
    .addOption(new Option('--keep <side>', 'which side wins').choices(['local', 'server']).makeOptionMandatory())
    .addHelpText('after', '\nExample:\n  fieldsync device resolve 3 --keep server --db ./alice.db')
    .action(async (errorIdText: string, options: DeviceResolveOptions) => {
      const { withLocalDevice } = require('../device/device-session') as typeof import('../device/device-session');
      const errorId = parseWholeNumber('<errorId>', errorIdText, 1);
      await withLocalDevice(options.db, context, async ({ local }) => {
        const kind = (await local.errors()).find((entry) => entry.id === errorId)?.kind;
        await local.resolveError(errorId, options.keep);
        context.printer.line(`Resolved sync error ${errorId}: ${outcomeText(kind, options.keep)}`);
      });
    });
}

/** What resolving an error of `kind` by keeping `keep` did, in the user's words. */
function outcomeText(kind: SyncErrorKind | undefined, keep: DeviceResolveOptions['keep']): string {
  if (kind === 'deleted-on-server') {
    return keep === 'local'
      ? "the record was deleted on the server; it is created again with the device's values with the next sync."
      : 'the record was deleted on the server; the delete was accepted and the record removed from the device.';
  }
  return keep === 'local' ? "the device's change goes up again with the next sync." : "the server's record was kept and the device's change dropped.";
}
