import type { SyncProgress, SyncStep } from '../engine/sync-reporter';

/** Why the scheduler runs a sync: the day's first, a resumed or restarted one, the user's refresh, autosync, or the initial blocking sync. */
export type ScheduledSyncReason = 'daily' | 'refresh' | 'autosync' | 'initial';

/**
 * Why no non-blocking sync starts although one is due; a status, not an error:
 * - `initial-sync-required`: a new user must finish the initial blocking sync first (`runInitialSync`);
 * - `low-disk-space`: less free space than `minFreeDiskBytes`;
 * - `api-usage`: the org used `maxApiUsage` (90 %) of its API limit or more.
 */
export type SchedulerGuardReason = 'initial-sync-required' | 'low-disk-space' | 'api-usage';

/** What every {@link SchedulerStatus} carries: when it began, and how current the device's data is. */
interface SchedulerStatusBase {
  /** When the scheduler entered this state (ms since the epoch, the scheduler's clock). */
  readonly since: number;
  /** "Current as of": when the last non-blocking (or initial) sync completed; absent before the first. */
  readonly currentAsOf?: number;
  /** The last sync that failed for a reason other than the network (an auth error, a refused upload), until one succeeds. */
  readonly lastError?: { readonly code: string; readonly message: string; readonly at: number };
}

/**
 * The scheduler's state, as an app renders it (Veeva's Status widget):
 * - `idle`: nothing to do now (up to date for today, or waiting for the next app activity);
 * - `syncing`: a sync runs; `step` and `progress` come from the engine's progress events;
 * - `offline-waiting`: no connection; the next attempt is at `nextRetryAt` (30 s before a start, 10 s once it started);
 * - `paused`: the app went inactive during a non-blocking sync; it resumes within 12 h, or restarts;
 * - `guarded`: a sync is due but a guard holds it back (see {@link SchedulerGuardReason}).
 */
export type SchedulerStatus =
  | (SchedulerStatusBase & { readonly state: 'idle' })
  | (SchedulerStatusBase & {
      readonly state: 'syncing';
      readonly reason: ScheduledSyncReason;
      readonly step: SyncStep | 'starting';
      readonly progress?: SyncProgress;
      /** The non-blocking run this sync belongs to (kept across pauses and retries; new on a restart). */
      readonly runId?: string;
    })
  | (SchedulerStatusBase & { readonly state: 'offline-waiting'; readonly nextRetryAt: number; readonly reason: ScheduledSyncReason })
  | (SchedulerStatusBase & { readonly state: 'paused'; readonly pausedAt: number; readonly runId: string })
  | (SchedulerStatusBase & { readonly state: 'guarded'; readonly guard: SchedulerGuardReason; readonly detail: string });

/** The name of a {@link SchedulerStatus} state. */
export type SchedulerState = SchedulerStatus['state'];
