import { copyFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { FieldsyncError } from '@fieldsync/model';
import { DeviceDocuments, type DocumentEntry, type SyncProgress } from '@fieldsync/sync-core';
import { InvalidOptionError } from '../errors/cli-errors';
import type { CommandContext } from '../cli/command-context';
import { createProgressReporter } from '../output/progress-reporter';
import { formatNumber } from '../output/printer';
import { withConnectedDevice, type ConnectedDeviceOptions, type DeviceSession } from './device-session';

/** Prints the device's record documents (of a record, an entity, or all), as a table or JSON. */
export async function listDeviceDocs(
  session: DeviceSession,
  context: CommandContext,
  options: { readonly json: boolean; readonly entity?: string | undefined; readonly id?: string | undefined },
): Promise<DocumentEntry[]> {
  const entries = await new DeviceDocuments(session.local, {}).list(options.entity, options.id);
  if (options.json) {
    context.io.out(`${JSON.stringify(entries, null, 2)}\n`);
    return entries;
  }
  if (entries.length === 0) {
    context.printer.line('No documents on this device.');
    return entries;
  }
  context.printer.table(
    ['entity', 'record', 'path', 'status', 'bytes', 'modified', 'where / why'],
    entries.map((entry) => [
      entry.entity,
      entry.recordId,
      entry.path,
      entry.status,
      formatNumber(entry.size),
      entry.lastModified,
      entry.status === 'downloaded' ? (entry.location ?? '') : (entry.reason ?? ''),
    ]),
  );
  return entries;
}

/** Downloads one document now through the bridge, with a progress bar, and copies it to `out`. */
export async function getDeviceDoc(
  entity: string,
  id: string,
  item: string,
  options: Omit<ConnectedDeviceOptions, 'onProgress'> & { readonly out?: string; readonly json?: boolean },
  context: CommandContext,
): Promise<DocumentEntry> {
  const progress = createProgressReporter(options.json ? { ...context.io, out: context.io.err } : context.io);
  const entry = await withConnectedDevice(options, context, async ({ engine }) => {
    try {
      return await engine.documents.download(entity, id, item, {
        onProgress: ({ bytes, size }) =>
          progress.update(bytes, Math.max(size, 1), `${entity} ${id} ${item}: ${formatNumber(bytes)} of ${formatNumber(size)} bytes`),
      });
    } finally {
      progress.stop();
    }
  });
  if (options.out && entry.location) await copyFile(entry.location, path.resolve(context.io.cwd, options.out));
  if (options.json) context.io.out(`${JSON.stringify(entry, null, 2)}\n`);
  else context.printer.line(`${entity} ${id}: ${entry.path}, ${formatNumber(entry.size)} bytes, sha256 ${entry.hash ?? ''} at ${entry.location ?? ''}`);
  return entry;
}

/**
 * Puts a file into a record's document folder: queues it on the device (`engine.documents.put`), then
 * syncs with a progress bar of the bytes sent. Throws `DOCUMENT_UPLOAD_FAILED` with the reason when the
 * file is still waiting after the sync (it stays queued for the next one).
 */
export async function putDeviceDoc(
  entity: string,
  id: string,
  file: string,
  options: Omit<ConnectedDeviceOptions, 'onProgress'> & { readonly name?: string; readonly json?: boolean },
  context: CommandContext,
): Promise<DocumentEntry> {
  const source = path.resolve(context.io.cwd, file);
  const info = await stat(source).catch(() => undefined);
  if (!info?.isFile()) throw new InvalidOptionError('<file>', `${source} is not a readable file`);
  const fileName = options.name ?? path.basename(source);
  const progress = createProgressReporter(options.json ? { ...context.io, out: context.io.err } : context.io);
  const onProgress = (step: SyncProgress) => {
    if (step.step === 'documents' && step.totalBytes)
      progress.update(
        step.bytes ?? 0,
        step.totalBytes,
        `${entity} ${id} ${fileName}: ${formatNumber(step.bytes ?? 0)} of ${formatNumber(step.totalBytes)} bytes`,
      );
  };
  const entry = await withConnectedDevice({ ...options, onProgress }, context, async ({ engine }) => {
    await engine.documents.put(entity, id, fileName, source);
    try {
      await engine.sync({ onProgress });
    } finally {
      progress.stop();
    }
    const waiting = (await engine.documents.pending(entity, id)).find((pending) => pending.fileName === fileName);
    if (waiting)
      throw new FieldsyncError(
        'DOCUMENT_UPLOAD_FAILED',
        `${entity} ${id}: ${fileName} was not sent (${waiting.reason ?? 'its record has changes not sent yet'}); it goes with the next sync`,
        {
          entity,
          id,
        },
      );
    const sent = await engine.documents.get(entity, id, fileName);
    if (!sent) throw new FieldsyncError('DOCUMENT_NOT_FOUND', `${entity} ${id}: ${fileName} is not in the record's documents after the sync`, { entity, id });
    return sent;
  });
  if (options.json) context.io.out(`${JSON.stringify(entry, null, 2)}\n`);
  else context.printer.line(`${entity} ${id}: ${entry.path} sent, ${formatNumber(entry.size)} bytes, sha256 ${entry.hash ?? ''}`);
  return entry;
}
