import type { Kysely, Migration } from 'kysely';

/**
 * `bridge_sync.refresh_mode`: the device's Refresh Mode (`blocking` or `non-blocking`) when it synced,
 * as its tracking report says (seed 000's Refresh_Mode_vod). Null for reports stored before, and for
 * devices that do not report it.
 */
export function syncRefreshMode(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('bridge_sync').addColumn('refresh_mode', 'text').execute();
    },
  };
}
