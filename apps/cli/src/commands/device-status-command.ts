import type { Command } from 'commander';
import type { CommandContext } from '../cli/command-context';

interface DeviceStatusOptions {
  readonly db: string;
  readonly json?: boolean;
}

/** Registers `fieldsync device status`: pending changes, sync errors, the last sync and each entity's state. */
export function registerDeviceStatusCommand(device: Command, context: CommandContext): void {
  device
    .command('status')
    .description('Show the device at a glance: its state (up to date, updates available, sync errors...), pending changes, last sync, records per entity.')
    .requiredOption('--db <path>', 'device database file')
    .option('--json', 'print the status as JSON')
    .addHelpText('after', '\nExample:\n  fieldsync device status --db ./alice.db')
    .action(async (options: DeviceStatusOptions) => {
      const { withLocalDevice } = require('../device/device-session') as typeof import('../device/device-session');
      await withLocalDevice(options.db, context, async ({ file, local }) => {
        const status = await local.syncStatus(await pausedRunOf(file));
        if (options.json) {
          context.io.out(`${JSON.stringify(status, null, 2)}\n`);
          return;
        }
        const { printer } = context;
        printer.line(file);
        if (!status.initialized) {
          printer.line('not synchronised yet: run fieldsync device sync first');
          return;
        }
        const { formatSyncState } = require('../device/sync-state-line') as typeof import('../device/sync-state-line');
        printer.line(`state: ${formatSyncState(status)}`);
        printer.line(`user ${status.userId ?? '?'}, customization ${status.customizationVersion ?? '?'}`);
        printer.line(`pending changes ${status.pendingChanges}, sync errors ${status.syncErrors}`);
        printer.line(status.lastSync ? `last sync ${status.lastSync.startedAt}: ${status.lastSync.result}` : 'no sync yet');
        printer.line();
        printer.table(
          ['entity', 'records', 'pending', 'state', 'last sync'],
          status.entities.map((entity) => [entity.entity, entity.records, entity.pendingChanges, entity.state, entity.lastSyncDate ?? '-']),
        );
      });
    });
}

/** A run `device watch` paused (kept in `<db>.scheduler.json`): the state shows it as `paused`. */
async function pausedRunOf(file: string): Promise<{ scheduler?: { state: 'paused'; pausedAt: number } }> {
  const { createFileSchedulerMemory } = require('../device/file-scheduler-memory') as typeof import('../device/file-scheduler-memory');
  const memory = await createFileSchedulerMemory(file)
    .load()
    .catch(() => undefined);
  const pausedAt = memory?.unfinished?.pausedAt;
  return pausedAt !== undefined ? { scheduler: { state: 'paused', pausedAt } } : {};
}
