import { SYSTEM_TABLES } from './system-tables';
import type { LocalExecutor } from './local-db';

/** The keys sync-core keeps in `fs_meta`. */
export type DeviceMetaKey =
  | 'format'
  | 'customization'
  | 'schema'
  | 'permissions'
  | 'whoami'
  | 'last_sync_start'
  | 'last_full_sync_start'
  /** The administrator's lock, as the last sync with a device channel saw it. */
  | 'device_control'
  /** A full sync forced by the administrator that started and is not yet reported done. */
  | 'forced_full_sync'
  /** The command id of the last forced full sync this device carried out. */
  | 'forced_full_sync_done'
  /** The channel's facts about the customization in use: revision, settingsReadOnly, minAppVersion. */
  | 'customization_offer'
  /** A customization update received and not applied yet (background sync, or refused while uploads failed). */
  | 'pending_customization'
  /** A non-blocking sync's download, staged and waiting for `applyUpdate()` ("updates available"). */
  | 'staged_update'
  /** How far an unfinished staged (non-blocking) download got, per entity: the next staged sync resumes it. */
  | 'staging_progress'
  /** The device's Refresh Mode toggle (blocking or non-blocking) and whether a new sign-in is due. */
  | 'refresh_mode'
  /** "Current as of": the start time of the last sync whose download went live (ISO). */
  | 'current_as_of'
  /** "Updates applied" stamps not yet sent to the bridge's sync tracking. */
  | 'apply_stamps';

/** Reads one JSON value of `fs_meta`; undefined when absent. */
export async function readMeta<T>(db: LocalExecutor, key: DeviceMetaKey): Promise<T | undefined> {
  const row = await db.selectFrom(SYSTEM_TABLES.meta).select('value').where('key', '=', key).executeTakeFirst();
  return row ? (JSON.parse(row.value as string) as T) : undefined;
}

/** Writes one JSON value of `fs_meta`, replacing the old one. */
export async function writeMeta(db: LocalExecutor, key: DeviceMetaKey, value: unknown): Promise<void> {
  const text = JSON.stringify(value);
  await db
    .insertInto(SYSTEM_TABLES.meta)
    .values({ key, value: text })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: text }))
    .execute();
}
