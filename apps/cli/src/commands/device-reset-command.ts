import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CommandContext } from '../cli/command-context';
import { addDeviceConnectionOptions, type DeviceConnectionOptions } from './device-connection-options';

interface DeviceResetOptions extends DeviceConnectionOptions {
  readonly entity?: string;
}

/**
 * Registers `fieldsync device reset`: uploads what is unsynced, then clears and downloads again every
 * entity (or one). Records whose changes could not be uploaded stay on the device.
 */
export function registerDeviceResetCommand(device: Command, context: CommandContext): void {
  addDeviceConnectionOptions(device.command('reset').description('Upload unsynced changes, then clear and download again every entity, or only --entity.'))
    .option('--entity <name>', 'reset only this entity')
    .addHelpText(
      'after',
      '\nRecords with changes that could not be uploaded are kept.\n' +
        '\nExample:\n  fieldsync device reset --db ./alice.db --crm ./crm.db --user alice --entity contact',
    )
    .action(async (options: DeviceResetOptions) => {
      const { runDeviceSync } = require('../device/run-device-sync') as typeof import('../device/run-device-sync');
      const entity = options.entity;
      if (entity !== undefined) await assertSyncedEntity(path.resolve(context.io.cwd, options.db), entity);
      await runDeviceSync({ ...options, title: entity ? `Reset of ${entity}` : 'Reset' }, context, (engine) =>
        engine.reset(entity !== undefined ? { entity } : {}),
      );
    });
}

/** The engine resets an entity it does not synchronise silently; the CLI says so instead. */
async function assertSyncedEntity(file: string, entity: string): Promise<void> {
  const { DeviceNotInitializedError, EntityNotSyncedError, readDeviceSchema } = require('@fieldsync/sync-core') as typeof import('@fieldsync/sync-core');
  const { openDeviceDatabase } = require('@fieldsync/sync-core/node') as typeof import('@fieldsync/sync-core/node');
  if (!existsSync(file)) throw new DeviceNotInitializedError(`reset of '${entity}'`);
  const db = await openDeviceDatabase(file);
  try {
    const schema = await readDeviceSchema(db);
    if (!schema) throw new DeviceNotInitializedError(`reset of '${entity}'`);
    if (!schema.entities.some((candidate) => candidate.name === entity)) throw new EntityNotSyncedError(entity);
  } finally {
    await db.destroy();
  }
}
