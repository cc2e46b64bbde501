import { copyFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DeviceAttachments, type AttachmentEntry } from '@fieldsync/sync-core';
import type { CommandContext } from '../cli/command-context';
import { InvalidOptionError } from '../errors/cli-errors';
import { createProgressReporter } from '../output/progress-reporter';
import { formatNumber } from '../output/printer';
import { deviceAttachmentOptions, withConnectedDevice, type ConnectedDeviceOptions, type DeviceSession } from './device-session';

/** Prints the device's attachment entries (of some statuses), as a table or JSON. */
export async function listDeviceFiles(
  session: DeviceSession,
  context: CommandContext,
  options: { readonly json: boolean; readonly statuses?: readonly string[] | undefined },
): Promise<AttachmentEntry[]> {
  const attachments = new DeviceAttachments(session.local, {});
  const entries = (await attachments.list()).filter((entry) => !options.statuses || options.statuses.includes(entry.status));
  if (options.json) {
    context.io.out(`${JSON.stringify(entries, null, 2)}\n`);
    return entries;
  }
  if (entries.length === 0) {
    context.printer.line(options.statuses ? 'Nothing waiting.' : 'No attachment bodies on this device.');
    return entries;
  }
  context.printer.table(
    ['entity', 'id', 'status', 'file', 'bytes', 'where / why'],
    entries.map((entry) => [
      entry.entity,
      entry.id,
      entry.status,
      entry.fileName,
      formatNumber(entry.size),
      entry.status === 'downloaded' ? (entry.path ?? '(in the database)') : (entry.reason ?? ''),
    ]),
  );
  return entries;
}

/** Fetches one body now through the device's server, with a progress bar, and copies it to `out`. */
export async function getDeviceFile(
  entity: string,
  id: string,
  options: Omit<ConnectedDeviceOptions, 'onProgress'> & { readonly out?: string; readonly json?: boolean },
  context: CommandContext,
): Promise<AttachmentEntry> {
  const progress = createProgressReporter(options.json ? { ...context.io, out: context.io.err } : context.io);
  const cancel = new AbortController();
  const entry = await withConnectedDevice(options, context, async ({ engine }) => {
    try {
      return await engine.attachments.download(entity, id, {
        signal: cancel.signal,
        onProgress: ({ bytes, size }) => progress.update(bytes, Math.max(size, 1), `${entity} ${id}: ${formatNumber(bytes)} of ${formatNumber(size)} bytes`),
      });
    } finally {
      progress.stop();
    }
  }).then(async (downloaded) => {
    if (options.out) {
      const target = path.resolve(context.io.cwd, options.out);
      if (downloaded.path) await copyFile(downloaded.path, target);
      else await withBytes(options, context, entity, id, (bytes) => writeFile(target, bytes));
    }
    return downloaded;
  });
  if (options.json) context.io.out(`${JSON.stringify(entry, null, 2)}\n`);
  else
    context.printer.line(
      `${entity} ${id}: ${entry.fileName}, ${formatNumber(entry.size)} bytes, sha256 ${entry.hash ?? ''}${entry.path ? ` at ${entry.path}` : ''}`,
    );
  return entry;
}

async function withBytes(
  options: { readonly db: string },
  context: CommandContext,
  entity: string,
  id: string,
  work: (bytes: Uint8Array) => Promise<void>,
): Promise<void> {
  const { withLocalDevice } = require('./device-session') as typeof import('./device-session');
  await withLocalDevice(options.db, context, async ({ local }) => {
    const bytes = await new DeviceAttachments(local, {}).bytes(entity, id);
    if (bytes) await work(bytes);
  });
}

/** Attaches a file to a record on the device; the next sync sends it after the record. */
export async function putDeviceFile(
  session: DeviceSession,
  context: CommandContext,
  put: { readonly entity: string; readonly id: string; readonly file: string; readonly mimeType: string; readonly fileName?: string | undefined },
): Promise<AttachmentEntry> {
  const file = path.resolve(context.io.cwd, put.file);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new InvalidOptionError('<file>', `${file} is not a readable file`);
  const attachments = new DeviceAttachments(session.local, { attachments: deviceAttachmentOptions(session.file) });
  const entry = await attachments.put(put.entity, put.id, { fileName: put.fileName ?? path.basename(file), mimeType: put.mimeType, path: file });
  context.printer.line(`${put.entity} ${put.id}: ${entry.fileName} (${formatNumber(entry.size)} bytes) goes up with the next sync.`);
  return entry;
}
