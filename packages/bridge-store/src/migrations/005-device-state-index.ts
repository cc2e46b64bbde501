import type { Kysely, Migration } from 'kysely';

/**
 * The index of the fleet's state filter (decision 190): `devices(filter: { state })` reads a page as
 * `state = ? and device_id > ? order by device_id` and counts `state = ?` for its `totalCount`, on
 * every page and every live update of a console showing the filter. Without it both scan the whole
 * table (10,000 devices: every row read for the count of each page).
 */
export function deviceStateIndex(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('bridge_device_state').on('bridge_device').columns(['state', 'device_id']).execute();
    },
  };
}
