import type { Kysely, Migration } from 'kysely';

/**
 * The files of a sync per kind (issue 13): the attachment step's and the document step's own count,
 * bytes, refused and queued, beside the totals of migration 004. Null for a kind the device did not
 * report (an older device, a sync whose document step did not run).
 */
export function syncFileKinds(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const kind of ['attachments', 'documents']) {
        await db.schema.alterTable('bridge_sync').addColumn(`${kind}_count`, 'integer').execute();
        await db.schema.alterTable('bridge_sync').addColumn(`${kind}_bytes`, 'bigint').execute();
        await db.schema.alterTable('bridge_sync').addColumn(`${kind}_refused`, 'integer').execute();
        await db.schema.alterTable('bridge_sync').addColumn(`${kind}_queued`, 'integer').execute();
      }
    },
  };
}
