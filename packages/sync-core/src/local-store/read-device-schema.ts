import type { Schema } from '@fieldsync/model';
import { readMeta } from './device-meta';
import type { LocalExecutor } from './local-db';
import { SYSTEM_TABLES } from './system-tables';

/**
 * The schema the device holds: the server's entities restricted to the synchronised ones and their
 * synchronised fields, as the last sync stored it. Undefined before the first sync (or for a database
 * sync-core has not set up). Needs no backend: offline tools read records' field types from it.
 */
export async function readDeviceSchema(db: LocalExecutor): Promise<Schema | undefined> {
  const tables = await db.introspection.getTables();
  if (!tables.some((table) => table.name === SYSTEM_TABLES.meta)) return undefined;
  return readMeta<Schema>(db, 'schema');
}
