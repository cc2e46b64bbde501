import type { Command } from 'commander';
import type { CommandContext } from '../cli/command-context';
import { InvalidOptionError } from '../errors/cli-errors';

interface DeviceRefreshModeOptions {
  readonly db: string;
  readonly json?: boolean;
}

/**
 * Registers `fieldsync device refresh-mode [blocking|non-blocking]`: prints the device's Refresh Mode,
 * or toggles it (seed 000's Options tab). A toggle signs the device out: it syncs again only after
 * `fieldsync device login`.
 */
export function registerDeviceRefreshModeCommand(device: Command, context: CommandContext): void {
  device
    .command('refresh-mode')
    .argument('[mode]', 'blocking or non-blocking; absent: print the mode')
    .description("Print or toggle the device's Refresh Mode (non-blocking syncs need the org's EnableNonBlockingSync); a toggle requires signing in again.")
    .requiredOption('--db <path>', 'device database file')
    .option('--json', 'print the mode as JSON')
    .addHelpText(
      'after',
      '\nA toggle signs the device out (its bridge login is forgotten, its data stays): sync again after\n' +
        "'fieldsync device login'. Every sync's tracking record carries the mode in effect.\n" +
        '\nExamples:\n  fieldsync device refresh-mode --db ./alice.db\n  fieldsync device refresh-mode blocking --db ./alice.db',
    )
    .action(async (mode: string | undefined, options: DeviceRefreshModeOptions) => {
      if (mode !== undefined && mode !== 'blocking' && mode !== 'non-blocking')
        throw new InvalidOptionError('mode', `'${mode}' is not a Refresh Mode: use blocking or non-blocking`);
      const { withLocalDevice } = require('../device/device-session') as typeof import('../device/device-session');
      const { deleteDeviceCredentials, readDeviceCredentials } = require('../device/device-credentials') as typeof import('../device/device-credentials');
      await withLocalDevice(options.db, context, async ({ file, local }) => {
        const before = await local.refreshMode();
        let signedOut = false;
        if (mode !== undefined && before.toggle?.mode !== mode) {
          await local.setRefreshMode(mode);
          signedOut = readDeviceCredentials(file) !== undefined;
          deleteDeviceCredentials(file);
        }
        const status = await local.refreshMode();
        if (options.json) {
          context.io.out(`${JSON.stringify(status, null, 2)}\n`);
          return;
        }
        const { printer } = context;
        const chosen = status.toggle ? ` (device toggle: ${status.toggle.mode})` : '';
        printer.line(`Refresh Mode of ${file}: ${status.mode}${chosen}; the org ${status.orgEnabled ? 'enables' : 'does not enable'} non-blocking sync.`);
        if (status.signInRequired)
          printer.line(
            `Sign in again before the next sync${signedOut ? ' (signed out now)' : ''}: fieldsync device login --db ${options.db} --bridge <url> --user <name>`,
          );
      });
    });
}
