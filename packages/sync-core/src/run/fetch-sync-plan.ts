import { UnsupportedCapabilityError, type DeviceChannel, type SyncPlan, type SyncPlanRequest } from '@fieldsync/connector-api';
import { customizationPartHashes, toAnchor, type Customization } from '@fieldsync/model';
import { entitiesNamedIn } from '../customization-update/offered-customization';
import { readAnchor } from '../download/anchor-store';
import type { LocalDb } from '../local-store/local-db';

/** A sync plan and what it was asked for. */
export interface StartPlan {
  readonly plan: SyncPlan;
  readonly request: SyncPlanRequest;
}

/** What {@link fetchSyncPlan} asks with. */
export interface SyncPlanInput {
  readonly db: LocalDb;
  readonly channel: DeviceChannel;
  /** The customization the device has (its part hashes go as `known`). */
  readonly active: Customization | undefined;
  /** The customization the device syncs with (the app's, or the one it has): what is described and counted. */
  readonly wanted: Customization | undefined;
  readonly appVersion: string;
  /** Ask for the CRM side too (the channel is the engine's connector). */
  readonly withServer: boolean;
}

/**
 * Asks the channel for the start of the sync in one round trip (`DeviceChannel.syncPlan`): the orders,
 * the offer against the device's customization, and (with `withServer`) WhoAmI, permissions, the schema
 * of the entities the device syncs, and the analyzer's counts of each entity it holds an anchor for.
 * Undefined when the channel offers no plan (an older bridge): the phases make the separate calls.
 */
export async function fetchSyncPlan(input: SyncPlanInput): Promise<StartPlan | undefined> {
  const { channel, active, wanted } = input;
  if (!channel.syncPlan) return undefined;
  const request: SyncPlanRequest = {
    ...(active ? { known: customizationPartHashes(active) } : {}),
    appVersion: input.appVersion,
    ...(input.withServer ? await serverRequest(input.db, active, wanted) : {}),
  };
  try {
    return { plan: await channel.syncPlan(request), request };
  } catch (error) {
    if (error instanceof UnsupportedCapabilityError) return undefined;
    throw error;
  }
}

/** The entities to describe and the counts the analyzer will want, from the customization the device has. */
async function serverRequest(
  db: LocalDb,
  active: Customization | undefined,
  wanted: Customization | undefined,
): Promise<Pick<SyncPlanRequest, 'describe' | 'counts'>> {
  if (!wanted) return { describe: active ? entitiesNamedIn(active) : [] };
  const describe = [...new Set([...wanted.entities.map((entity) => entity.entity), ...entitiesNamedIn(wanted), ...(active ? entitiesNamedIn(active) : [])])];
  if (wanted.settings.DisableSyncAnalyzer) return { describe };
  const counts: NonNullable<SyncPlanRequest['counts']>[number][] = [];
  for (const config of wanted.entities) {
    if (config.uploadOnly) continue;
    const anchor = await readAnchor(db, config.entity);
    if (anchor.anchor === undefined || anchor.state === 'partial') continue;
    counts.push({ entity: config.entity, ...(config.filter?.where ? { filter: config.filter.where } : {}), since: toAnchor(anchor.anchor) });
  }
  return { describe, counts };
}
