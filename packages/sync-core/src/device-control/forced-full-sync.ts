import type { ForcedFullSync } from '@fieldsync/connector-api';
import { readAnchor } from '../download/anchor-store';
import type { LocalExecutor } from '../local-store/local-db';
import type { LocalSchema } from '../local-store/local-schema';
import { SYSTEM_TABLES } from '../local-store/system-tables';
import type { ForcedFullSyncRun } from './device-control-store';

/**
 * True when the administrator's forced full sync is due: issued after the device's last sync started
 * (or before any), the seed's rule; or, whatever the clocks say, an order this device never carried
 * out (`lastDoneCommandId` is the last one it did), so a device clock ahead of the bridge's cannot make
 * it skip an order.
 */
export function isForcedFullSyncDue(order: ForcedFullSync | undefined, lastSyncStart: string | undefined, lastDoneCommandId?: string): order is ForcedFullSync {
  if (!order) return false;
  if (lastSyncStart === undefined || Date.parse(order.issuedAt) > Date.parse(lastSyncStart)) return true;
  return lastDoneCommandId !== undefined && order.commandId !== lastDoneCommandId;
}

/** The device entities an order names (all synchronised entities when it names none); unknown names are left out. */
export function entitiesOfOrder(local: LocalSchema, entities: readonly string[] | undefined): Set<string> {
  if (!entities) return new Set(local.entities.keys());
  return new Set(entities.filter((entity) => local.entities.has(entity)));
}

/** Local changes of the entities named that are not on the server yet (pending and held). */
export async function countChangesOf(db: LocalExecutor, entities: ReadonlySet<string>): Promise<number> {
  if (entities.size === 0) return 0;
  const row = await db
    .selectFrom(SYSTEM_TABLES.change)
    .select((eb) => eb.fn.countAll().as('n'))
    .where('entity', 'in', [...entities])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The entities a forced full sync that began in an earlier sync still has to download in full:
 * those whose last complete full download started before it began.
 */
export async function entitiesStillForced(db: LocalExecutor, local: LocalSchema, run: ForcedFullSyncRun): Promise<string[]> {
  const still: string[] = [];
  for (const entity of entitiesOfOrder(local, run.entities)) {
    const anchor = await readAnchor(db, entity);
    if (anchor.lastFullSyncStart === undefined || Date.parse(anchor.lastFullSyncStart) < Date.parse(run.startedAt)) still.push(entity);
  }
  return still;
}
