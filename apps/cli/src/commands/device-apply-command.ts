import type { Command } from 'commander';
import type { CommandContext } from '../cli/command-context';
import { addDeviceConnectionOptions, type DeviceConnectionOptions } from './device-connection-options';

interface DeviceApplyOptions extends DeviceConnectionOptions {
  readonly json?: boolean;
}

/**
 * Registers `fieldsync device apply`: Apply Update, the staged download of the last non-blocking sync
 * (`device sync --staged`, or `device watch`) swapped in at once, keeping the device's edits.
 */
export function registerDeviceApplyCommand(device: Command, context: CommandContext): void {
  addDeviceConnectionOptions(
    device.command('apply').description("Apply Update: swap in the updates a non-blocking sync staged, keeping the device's edits (they stay queued)."),
  )
    .addHelpText(
      'after',
      '\nExit code 2 with NO_STAGED_UPDATE when no update waits. The "updates applied" stamp goes to the\n' +
        "bridge's sync tracking (with a bridge login); one that cannot be sent goes with the next sync.\n" +
        '\nExample:\n  fieldsync device apply --db ./alice.db',
    )
    .action(async (options: DeviceApplyOptions) => {
      const { withConnectedDevice } = require('../device/device-session') as typeof import('../device/device-session');
      const { formatSyncState } = require('../device/sync-state-line') as typeof import('../device/sync-state-line');
      await withConnectedDevice(options, context, async ({ file, engine }) => {
        const applied = await engine.applyUpdate();
        if (options.json) {
          context.io.out(`${JSON.stringify(applied, null, 2)}\n`);
          return;
        }
        const { printer } = context;
        printer.line(
          `Applied the update received ${applied.receivedAt} to ${file} in ${applied.durationMs} ms: ` +
            `${applied.counts.changed} changed, ${applied.counts.removed} removed; ` +
            `local edits kept: ${applied.rebased.merged} merged, ${applied.rebased.kept} kept whole, ${applied.rebased.keptDeleted} kept deleted`,
        );
        printer.line(formatSyncState(await engine.status()));
      });
    });
}
