import type { Kysely, Migration } from 'kysely';

/**
 * The files of a sync on its tracking record (issue 13 §4): count and bytes of the files the device
 * downloaded and uploaded, the files its BlobStoreFilter left on the server, and those still queued.
 * Null for a sync reported without them (an older device, a sync without an attachment step).
 */
export function syncFiles(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('bridge_sync').addColumn('files_count', 'integer').execute();
      await db.schema.alterTable('bridge_sync').addColumn('files_bytes', 'bigint').execute();
      await db.schema.alterTable('bridge_sync').addColumn('files_refused', 'integer').execute();
      await db.schema.alterTable('bridge_sync').addColumn('files_queued', 'integer').execute();
    },
  };
}
