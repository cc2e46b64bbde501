import type { Command } from 'commander';
import type { CommandContext } from '../cli/command-context';
import { parseWholeNumber } from './parse-options';

interface DeviceDbOptions {
  readonly db: string;
}

interface ListOptions extends DeviceDbOptions {
  readonly limit: string;
  readonly offset: string;
  readonly json?: boolean;
}

interface GetOptions extends DeviceDbOptions {
  readonly json?: boolean;
}

interface CreateOptions extends DeviceDbOptions {
  readonly id?: string;
}

const ASSIGNMENT_HELP =
  '\nField values are name=value: numbers as numbers, booleans as true/false, lookups as entity:id\n' +
  '(a bare id when the lookup has one target), date-times as ISO-8601 with a zone, null to clear.\n' +
  'The change goes up with the next device sync; nothing is written when a value does not fit.';

/**
 * Registers `fieldsync device records`: list, get, create, update and delete records in a device
 * database, offline. Writes are checked (fields, types, privileges) and queued for the next sync.
 */
export function registerDeviceRecordsCommand(device: Command, context: CommandContext): void {
  const records = device.command('records').description('Read and change records in a device database (offline; changes go up with the next sync).');

  records
    .command('list')
    .description('List records of an entity in primary-key order.')
    .argument('<entity>', 'entity name, e.g. account')
    .requiredOption('--db <path>', 'device database file')
    .option('--limit <n>', 'most records to list', '100')
    .option('--offset <n>', 'records to skip first', '0')
    .option('--json', 'print a JSON array of records ({ entity, id, version, fields })')
    .addHelpText('after', '\nExample:\n  fieldsync device records list account --db ./alice.db --limit 20')
    .action(async (entity: string, options: ListOptions) => {
      const { readDeviceEntity } = require('../device/device-schema') as typeof import('../device/device-schema');
      const { withLocalDevice } = require('../device/device-session') as typeof import('../device/device-session');
      const { formatFieldValue } = require('../device/format-field-value') as typeof import('../device/format-field-value');
      const limit = parseWholeNumber('--limit', options.limit, 1, 10_000_000);
      const offset = parseWholeNumber('--offset', options.offset, 0);
      await withLocalDevice(options.db, context, async ({ db, local }) => {
        const schema = await readDeviceEntity(db, entity);
        const list = await local.records.list(entity, { limit, offset });
        if (options.json) {
          context.io.out(`${JSON.stringify(list, null, 2)}\n`);
          return;
        }
        const name = schema.primaryName;
        context.printer.table(
          ['id', name ?? 'name', 'version'],
          list.map((record) => [record.id, name ? formatFieldValue(record.fields[name]) : '', record.version ?? '(not on the server yet)']),
        );
        context.printer.line();
        context.printer.line(
          `${list.length} ${entity} record${list.length === 1 ? '' : 's'}${list.length === limit ? ` (--limit ${limit}; there may be more)` : ''}`,
        );
      });
    });

  records
    .command('get')
    .description('Show one record with every field the device keeps.')
    .argument('<entity>', 'entity name')
    .argument('<id>', 'record id')
    .requiredOption('--db <path>', 'device database file')
    .option('--json', 'print the record as JSON')
    .addHelpText('after', '\nExample:\n  fieldsync device records get account 2f1c… --db ./alice.db')
    .action(async (entity: string, id: string, options: GetOptions) => {
      const { LocalRecordNotFoundError } = require('@fieldsync/sync-core') as typeof import('@fieldsync/sync-core');
      const { withLocalDevice } = require('../device/device-session') as typeof import('../device/device-session');
      const { formatFieldValue } = require('../device/format-field-value') as typeof import('../device/format-field-value');
      await withLocalDevice(options.db, context, async ({ local }) => {
        const record = await local.records.get(entity, id);
        if (!record) throw new LocalRecordNotFoundError(entity, id);
        if (options.json) {
          context.io.out(`${JSON.stringify(record, null, 2)}\n`);
          return;
        }
        context.printer.line(`${entity} ${id}, version ${record.version ?? '(not on the server yet)'}`);
        context.printer.line();
        context.printer.table(
          ['field', 'value'],
          Object.entries(record.fields).map(([name, value]) => [name, formatFieldValue(value)]),
        );
      });
    });

  records
    .command('create')
    .description('Create a record on the device and print its id.')
    .argument('<entity>', 'entity name')
    .argument('[fields...]', 'field values as name=value')
    .requiredOption('--db <path>', 'device database file')
    .option('--id <id>', "the new record's id (default: a new GUID)")
    .addHelpText(
      'after',
      `${ASSIGNMENT_HELP}\n\nExample:\n  fieldsync device records create account --db ./alice.db name="Acme Ltd" revenue=125000 creditonhold=false`,
    )
    .action(async (entity: string, assignments: string[], options: CreateOptions) => {
      const { readDeviceEntity } = require('../device/device-schema') as typeof import('../device/device-schema');
      const { withLocalDevice } = require('../device/device-session') as typeof import('../device/device-session');
      const { parseFieldAssignments } = require('../device/field-assignments') as typeof import('../device/field-assignments');
      await withLocalDevice(options.db, context, async ({ db, local }) => {
        const fields = parseFieldAssignments(await readDeviceEntity(db, entity), assignments);
        const id = await local.records.create(entity, fields, options.id !== undefined ? { id: options.id } : {});
        context.printer.line(id);
      });
    });

  records
    .command('update')
    .description('Change fields of a record on the device.')
    .argument('<entity>', 'entity name')
    .argument('<id>', 'record id')
    .argument('<fields...>', 'field values as name=value')
    .requiredOption('--db <path>', 'device database file')
    .addHelpText(
      'after',
      `${ASSIGNMENT_HELP}\n\nExample:\n  fieldsync device records update account 2f1c… --db ./alice.db telephone1="+44 20 7946 0000" parentaccountid=null`,
    )
    .action(async (entity: string, id: string, assignments: string[], options: DeviceDbOptions) => {
      const { readDeviceEntity } = require('../device/device-schema') as typeof import('../device/device-schema');
      const { withLocalDevice } = require('../device/device-session') as typeof import('../device/device-session');
      const { parseFieldAssignments } = require('../device/field-assignments') as typeof import('../device/field-assignments');
      await withLocalDevice(options.db, context, async ({ db, local }) => {
        const fields = parseFieldAssignments(await readDeviceEntity(db, entity), assignments);
        await local.records.update(entity, id, fields);
        context.printer.line(`Updated ${entity} ${id} (${Object.keys(fields).join(', ')}); it goes up with the next sync.`);
      });
    });

  records
    .command('delete')
    .description('Delete a record on the device.')
    .argument('<entity>', 'entity name')
    .argument('<id>', 'record id')
    .requiredOption('--db <path>', 'device database file')
    .addHelpText(
      'after',
      '\nA record created on the device and never synced simply disappears.\n\nExample:\n  fieldsync device records delete task 2f1c… --db ./alice.db',
    )
    .action(async (entity: string, id: string, options: DeviceDbOptions) => {
      const { withLocalDevice } = require('../device/device-session') as typeof import('../device/device-session');
      await withLocalDevice(options.db, context, async ({ local }) => {
        await local.records.delete(entity, id);
        context.printer.line(`Deleted ${entity} ${id}; the delete goes up with the next sync.`);
      });
    });
}
