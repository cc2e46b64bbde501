import { readMeta, writeMeta } from '../local-store/device-meta';
import type { LocalExecutor } from '../local-store/local-db';
import { SYSTEM_TABLES } from '../local-store/system-tables';

/** The lock state the device enforces offline, as the last sync with a channel saw it. */
export interface StoredDeviceControl {
  readonly state: 'active' | 'locked';
  /** When the device learned this state (ISO-8601, device clock). */
  readonly since: string;
}

/** A full sync forced by the administrator that began on this device and is not yet reported done. */
export interface ForcedFullSyncRun {
  readonly commandId: string;
  readonly issuedAt: string;
  /** Only these entities; absent: every entity. */
  readonly entities?: readonly string[];
  /** Start of the sync that began it: entities whose last full download started before it are still due. */
  readonly startedAt: string;
}

/** The device's lock state; `active` when no channel ever said otherwise. */
export async function readDeviceControl(db: LocalExecutor): Promise<StoredDeviceControl> {
  return (await readMeta<StoredDeviceControl>(db, 'device_control')) ?? { state: 'active', since: '' };
}

/** Stores the lock state (only when it changed, so `since` keeps the first sight of it). */
export async function writeDeviceControl(db: LocalExecutor, state: StoredDeviceControl['state'], now: string): Promise<void> {
  const stored = await readMeta<StoredDeviceControl>(db, 'device_control');
  if (stored?.state === state) return;
  await writeMeta(db, 'device_control', { state, since: now } satisfies StoredDeviceControl);
}

/** Start of the last sync that got past the administrator's forced-full-sync check; undefined before. */
export async function readLastSyncStart(db: LocalExecutor): Promise<string | undefined> {
  return readMeta<string>(db, 'last_sync_start');
}

/** Records the start of a sync that got past the forced-full-sync check. */
export async function writeLastSyncStart(db: LocalExecutor, startedAt: string): Promise<void> {
  await writeMeta(db, 'last_sync_start', startedAt);
}

/** The forced full sync under way, if any. */
export async function readForcedRun(db: LocalExecutor): Promise<ForcedFullSyncRun | undefined> {
  return readMeta<ForcedFullSyncRun>(db, 'forced_full_sync');
}

/** Records (or, with undefined, forgets) the forced full sync under way. */
export async function writeForcedRun(db: LocalExecutor, run: ForcedFullSyncRun | undefined): Promise<void> {
  if (run) await writeMeta(db, 'forced_full_sync', run);
  else await db.deleteFrom(SYSTEM_TABLES.meta).where('key', '=', 'forced_full_sync').execute();
}

/** The id of the last forced full sync this device carried out. */
export async function readLastForcedCommand(db: LocalExecutor): Promise<string | undefined> {
  return readMeta<string>(db, 'forced_full_sync_done');
}

/** Records the forced full sync this device just carried out. */
export async function writeLastForcedCommand(db: LocalExecutor, commandId: string): Promise<void> {
  await writeMeta(db, 'forced_full_sync_done', commandId);
}
