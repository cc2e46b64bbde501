import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { DeviceDocuments, type DocumentEntry } from '@fieldsync/sync-core';
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
