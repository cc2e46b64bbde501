import type { Command } from 'commander';
import type { CommandContext } from '../cli/command-context';
import { addDeviceConnectionOptions, type DeviceConnectionOptions } from './device-connection-options';

interface FilesListOptions {
  readonly db: string;
  readonly json?: boolean;
}

interface FilesGetOptions extends DeviceConnectionOptions {
  readonly out?: string;
}

interface FilesPutOptions {
  readonly db: string;
  readonly mime: string;
  readonly name?: string;
}

/**
 * Registers `fieldsync device files`: the attachment bodies of a device (notes' documents) — list
 * them, fetch one on request (also those the BlobStoreFilter left on demand or refused), attach a file
 * to a record (sent after the record by the next sync), and see the queue.
 */
export function registerDeviceFilesCommand(device: Command, context: CommandContext): void {
  const files = device.command('files').description('Attachment bodies on the device: list, fetch one, attach a file, see the download queue.');

  const list = (name: string, description: string, statuses?: readonly string[]) =>
    files
      .command(name)
      .description(description)
      .requiredOption('--db <path>', 'device database file')
      .option('--json', 'print a JSON array of entries ({ entity, id, status, reason, fileName, size, path, hash })')
      .action(async (options: FilesListOptions) => {
        const { withLocalDevice } = require('../device/device-session') as typeof import('../device/device-session');
        const { listDeviceFiles } = require('../device/device-files') as typeof import('../device/device-files');
        await withLocalDevice(options.db, context, (session) => listDeviceFiles(session, context, { json: options.json === true, statuses }));
      });
  list('list', 'List every attachment body the device knows, with its state (downloaded, queued, on-demand, refused, failed, upload).');
  list('queue', 'List the bodies waiting: queued or failed downloads, and files attached on the device not sent yet.', ['queued', 'failed', 'upload']);

  addDeviceConnectionOptions(
    files
      .command('get')
      .description('Fetch one body now (also one the filter left on demand or refused), with a progress bar; --out copies it to a file.')
      .argument('<entity>', 'entity of the record, e.g. annotation')
      .argument('<id>', 'record id'),
  )
    .option('--out <file>', 'write the body to this file')
    .addHelpText('after', '\nExample:\n  fieldsync device files get annotation 5f0c... --db ./alice.db --crm ./crm.db --user alice --out ./visit.pdf')
    .action(async (entity: string, id: string, options: FilesGetOptions) => {
      const { getDeviceFile } = require('../device/device-files') as typeof import('../device/device-files');
      await getDeviceFile(entity, id, options, context);
    });

  files
    .command('put')
    .description('Attach a file to a record on the device (a photo, a signed PDF): the next sync sends it after the record, once.')
    .argument('<entity>', 'entity of the record, e.g. annotation')
    .argument('<id>', 'record id')
    .argument('<file>', 'the file to attach (read in chunks when sent)')
    .requiredOption('--db <path>', 'device database file')
    .option('--mime <type>', 'its MIME type', 'application/octet-stream')
    .option('--name <fileName>', 'the file name on the server (default: the file name)')
    .addHelpText('after', '\nExample:\n  fieldsync device files put annotation 5f0c... ./photo.jpg --mime image/jpeg --db ./alice.db')
    .action(async (entity: string, id: string, file: string, options: FilesPutOptions) => {
      const { withLocalDevice } = require('../device/device-session') as typeof import('../device/device-session');
      const { putDeviceFile } = require('../device/device-files') as typeof import('../device/device-files');
      await withLocalDevice(options.db, context, (session) =>
        putDeviceFile(session, context, { entity, id, file, mimeType: options.mime, fileName: options.name }),
      );
    });
}
