import type { AppSettings } from '@fieldsync/model';
import { readMeta, writeMeta } from '../local-store/device-meta';
import type { LocalExecutor } from '../local-store/local-db';

/** How the device's day syncs run: `non-blocking` (staged, applied by Apply Update) or `blocking` (a manual incremental sync). */
export type RefreshMode = 'blocking' | 'non-blocking';

/** The device's Refresh Mode toggle as stored in `fs_meta` (`refresh_mode`). */
export interface RefreshModeToggle {
  /** What the user chose on this device. */
  readonly mode: RefreshMode;
  /** When the user toggled it (ISO, the clock's). */
  readonly toggledAt: string;
  /** The user toggled it and has not signed in again since: the engine refuses to sync. */
  readonly signInRequired: boolean;
}

/** The device's Refresh Mode as `refreshMode()` tells it. */
export interface RefreshModeStatus {
  /** The mode in effect (see {@link effectiveRefreshMode}). */
  readonly mode: RefreshMode;
  /** The org's `EnableNonBlockingSync`. */
  readonly orgEnabled: boolean;
  /** The device's toggle, if the user ever toggled it. */
  readonly toggle?: RefreshModeToggle;
  /** A toggle waits for a new sign-in: the engine refuses to sync. */
  readonly signInRequired: boolean;
}

/** The device's Refresh Mode toggle; undefined when the user never toggled it. */
export async function readRefreshModeToggle(db: LocalExecutor): Promise<RefreshModeToggle | undefined> {
  return readMeta<RefreshModeToggle>(db, 'refresh_mode');
}

/** Stores the device's Refresh Mode toggle. */
export async function writeRefreshModeToggle(db: LocalExecutor, toggle: RefreshModeToggle): Promise<void> {
  await writeMeta(db, 'refresh_mode', toggle);
}

/**
 * The Refresh Mode in effect: `non-blocking` only when the org enables it (`EnableNonBlockingSync`)
 * and the device's toggle, if the user ever toggled it, says so; `blocking` otherwise.
 */
export function effectiveRefreshMode(settings: Pick<AppSettings, 'EnableNonBlockingSync'> | undefined, toggle: RefreshModeToggle | undefined): RefreshMode {
  if (!settings?.EnableNonBlockingSync) return 'blocking';
  return toggle?.mode ?? 'non-blocking';
}
