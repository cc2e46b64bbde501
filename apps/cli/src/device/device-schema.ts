import { DeviceNotInitializedError, EntityNotSyncedError, readDeviceSchema, type LocalDb } from '@fieldsync/sync-core';
import type { EntitySchema } from '@fieldsync/model';

export { readDeviceSchema };

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
