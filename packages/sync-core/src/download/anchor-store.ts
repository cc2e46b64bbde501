import type { LocalExecutor } from '../local-store/local-db';
import { SYSTEM_TABLES } from '../local-store/system-tables';

/** An entity's download state on the device. */
export interface EntityAnchor {
  readonly entity: string;
  /** Where the next incremental read starts; absent before the first complete download. */
  readonly anchor?: string;
  /** `partial` while a full download has committed some pages but not its end. */
  readonly state: 'complete' | 'partial';
  /** Generation of the last full download (stamped on the rows it wrote). */
  readonly generation: number;
  readonly lastSyncDate?: string;
  readonly lastFullSyncStart?: string;
}

/** The stored state of one entity; a fresh one when it was never downloaded. */
export async function readAnchor(db: LocalExecutor, entity: string): Promise<EntityAnchor> {
  const row = await db.selectFrom(SYSTEM_TABLES.anchor).selectAll().where('entity', '=', entity).executeTakeFirst();
  if (!row) return { entity, state: 'complete', generation: 0 };
  return {
    entity,
    ...(row.anchor ? { anchor: row.anchor as string } : {}),
    state: row.state as EntityAnchor['state'],
    generation: Number(row.generation),
    ...(row.last_sync_date ? { lastSyncDate: row.last_sync_date as string } : {}),
    ...(row.last_full_sync_start ? { lastFullSyncStart: row.last_full_sync_start as string } : {}),
  };
}

/** Writes an entity's state; call it in the transaction that commits the data it covers. */
export async function writeAnchor(db: LocalExecutor, anchor: EntityAnchor): Promise<void> {
  const values = {
    anchor: anchor.anchor ?? null,
    state: anchor.state,
    generation: anchor.generation,
    last_sync_date: anchor.lastSyncDate ?? null,
    last_full_sync_start: anchor.lastFullSyncStart ?? null,
  };
  await db
    .insertInto(SYSTEM_TABLES.anchor)
    .values({ entity: anchor.entity, ...values })
    .onConflict((oc) => oc.column('entity').doUpdateSet(values))
    .execute();
}

/** Forgets the anchors of the named entities (all when absent): their next download is a full one. */
export async function clearAnchors(db: LocalExecutor, entities?: readonly string[]): Promise<void> {
  let query = db.deleteFrom(SYSTEM_TABLES.anchor);
  if (entities) query = query.where('entity', 'in', entities.length > 0 ? entities : ['']);
  await query.execute();
}
