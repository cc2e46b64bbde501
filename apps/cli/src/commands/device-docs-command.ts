import type { Command } from 'commander';
import type { CommandContext } from '../cli/command-context';
import { addDeviceConnectionOptions, type DeviceConnectionOptions } from './device-connection-options';

interface DocsListOptions {
  readonly db: string;
  readonly json?: boolean;
}

interface DocsGetOptions extends DeviceConnectionOptions {
  readonly out?: string;
}

interface DocsPutOptions extends DeviceConnectionOptions {
  readonly name?: string;
}

/**
 * Registers `fieldsync device docs`: the SharePoint / OneDrive documents of the device's records
 * (docs/documents.md) — list them, download one now, put a file into a record's folder, with a progress bar.
 */
export function registerDeviceDocsCommand(device: Command, context: CommandContext): void {
  const docs = device.command('docs').description("Records' SharePoint / OneDrive documents on the device: list them, download one now, put a file.");

  docs
    .command('list')
    .description('List the documents the device knows (of one record, one entity, or all), with their state (downloaded, queued, on-demand, refused, failed).')
    .argument('[entity]', 'entity of the records, e.g. account')
    .argument('[id]', 'record id')
    .requiredOption('--db <path>', 'device database file')
    .option('--json', 'print a JSON array of entries ({ entity, recordId, itemId, path, status, size, eTag, location, hash })')
    .action(async (entity: string | undefined, id: string | undefined, options: DocsListOptions) => {
      const { withLocalDevice } = require('../device/device-session') as typeof import('../device/device-session');
      const { listDeviceDocs } = require('../device/device-docs') as typeof import('../device/device-docs');
      await withLocalDevice(options.db, context, (session) => listDeviceDocs(session, context, { json: options.json === true, entity, id }));
    });

  addDeviceConnectionOptions(
    docs
      .command('get')
      .description('Download one document now (also one the filter left on demand or refused), with a progress bar; --out copies it to a file.')
      .argument('<entity>', 'entity of the record, e.g. account')
      .argument('<id>', 'record id')
      .argument('<item>', "the document's item id or its path in the record folder, e.g. offer.pdf"),
  )
    .option('--out <file>', 'copy the document to this file')
    .addHelpText('after', '\nExample:\n  fieldsync device docs get account 5f0c... offer.pdf --db ./alice.db --out ./offer.pdf')
    .action(async (entity: string, id: string, item: string, options: DocsGetOptions) => {
      const { getDeviceDoc } = require('../device/device-docs') as typeof import('../device/device-docs');
      await getDeviceDoc(entity, id, item, options, context);
    });

  addDeviceConnectionOptions(
    docs
      .command('put')
      .description("Put a file into the record's document folder: queued on the device, then sent by a sync (after the record itself), with a progress bar.")
      .argument('<entity>', 'entity of the record, e.g. account')
      .argument('<id>', 'record id')
      .argument('<file>', 'the file to send; read in chunks'),
  )
    .option('--name <fileName>', "the file's name in the record folder (default: the file's own name)")
    .addHelpText('after', '\nExample:\n  fieldsync device docs put account 5f0c... ./survey.pdf --db ./alice.db --server https://bridge.example --user alice')
    .action(async (entity: string, id: string, file: string, options: DocsPutOptions) => {
      const { putDeviceDoc } = require('../device/device-docs') as typeof import('../device/device-docs');
      await putDeviceDoc(entity, id, file, options, context);
    });
}
