import { DeviceNotInitializedError, EntityNotSyncedError, SYSTEM_TABLES, type LocalDb } from '@fieldsync/sync-core';
import type { EntitySchema, Schema } from '@fieldsync/model';

/**
 * The schema the device holds: the server's entities restricted to the synchronised ones and their
 * synchronised fields, as the last sync stored it in `fs_meta` under `schema`. Undefined before the
 * first sync. (sync-core keeps it but exposes no reader, so the CLI reads the row itself.)
 */
export async function readDeviceSchema(db: LocalDb): Promise<Schema | undefined> {
  const row = await db
    .selectFrom(SYSTEM_TABLES.meta)
    .select('value')
    .where('key', '=', 'schema')
    .executeTakeFirst()
    .catch(() => undefined);
  return row ? (JSON.parse(row.value as string) as Schema) : undefined;
}

/**
 * One synchronised entity of the device's schema. Throws `DeviceNotInitializedError` before the first
 * sync and `EntityNotSyncedError` for an entity the device does not synchronise.
 */
export async function readDeviceEntity(db: LocalDb, entity: string): Promise<EntitySchema> {
  const schema = await readDeviceSchema(db);
  if (!schema) throw new DeviceNotInitializedError(`entity '${entity}'`);
  const found = schema.entities.find((candidate) => candidate.name === entity);
  if (!found) throw new EntityNotSyncedError(entity);
  return found;
}
