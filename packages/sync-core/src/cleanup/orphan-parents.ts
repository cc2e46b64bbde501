import type { LocalExecutor } from '../local-store/local-db';
import { SYSTEM_TABLES } from '../local-store/system-tables';

/** Ids per statement: two bound parameters each, well under SQLite's limit. */
const CHUNK = 500;

/**
 * Remembers parents whose children cleanup removed from the device (orphans of a record that left, rows
 * of a parent that is not on the device): when such a parent is on the device again, its children are
 * read again ({@link restoreChildren}).
 */
export async function noteOrphanParents(db: LocalExecutor, entity: string, ids: Iterable<string>): Promise<void> {
  const list = [...new Set(ids)];
  for (let start = 0; start < list.length; start += CHUNK) {
    await db
      .insertInto(SYSTEM_TABLES.orphanParent)
      .values(list.slice(start, start + CHUNK).map((id) => ({ entity, record_id: id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/** Forgets parents: their children were read again, or the server deleted them. */
export async function forgetOrphanParents(db: LocalExecutor, entity: string, ids: readonly string[]): Promise<void> {
  for (let start = 0; start < ids.length; start += CHUNK) {
    await db
      .deleteFrom(SYSTEM_TABLES.orphanParent)
      .where('entity', '=', entity)
      .where('record_id', 'in', ids.slice(start, start + CHUNK))
      .execute();
  }
}

/**
 * Up to `limit` remembered parents of `entity` that are on the device now (in its table), after
 * `afterId` in id order.
 */
export async function returnedOrphanParents(
  db: LocalExecutor,
  entity: string,
  primaryKey: string,
  options: { limit: number; afterId?: string },
): Promise<string[]> {
  let query = db
    .selectFrom(SYSTEM_TABLES.orphanParent)
    .select('record_id')
    .where('entity', '=', entity)
    .where('record_id', 'in', db.selectFrom(entity).select(primaryKey))
    .orderBy('record_id')
    .limit(options.limit);
  if (options.afterId !== undefined) query = query.where('record_id', '>', options.afterId);
  return (await query.execute()).map((row) => row.record_id as string);
}
