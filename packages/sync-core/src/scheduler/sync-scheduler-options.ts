import type { TimerClock } from '@fieldsync/model';
import type { SyncOptions } from '../engine/sync-engine-options';
import { SYNC_DAY_START_HOUR } from './sync-day';
import type { ScheduledSyncTarget } from './scheduled-sync-target';
import type { SchedulerHost } from './scheduler-host';
import type { SchedulerMemory } from './scheduler-memory';

/** What a manual refresh does when a non-blocking sync already runs (Veeva's modal: cancel the refresh, or restart the sync). */
export type RefreshWhileRunning = 'keep-running' | 'restart';

/** How a {@link SyncScheduler} runs; read once. Durations are in ms of the scheduler's clock. */
export interface SyncSchedulerOptions {
  /** The engine (a `SyncEngine`, or anything with its `sync`, `status` and `apiUsage`). */
  readonly target: ScheduledSyncTarget;
  /** The app's host: activity, network, disk space, time zone. */
  readonly host: SchedulerHost;
  /** Time and timers; a `ManualClock` in tests. @default systemTimerClock */
  readonly clock?: TimerClock;
  /** Where the scheduler keeps what must outlive the app (the day of the last daily sync, a paused run). @default in memory */
  readonly memory?: SchedulerMemory;
  /** Options of every non-blocking sync (daily, resumed, refresh); `signal` and `onProgress` are the scheduler's. @default { staged: true, background: true } */
  readonly syncOptions?: Omit<SyncOptions, 'signal' | 'onProgress' | 'uploadOnly'>;
  /** Local hour at which a sync day begins. @default 3 */
  readonly dayStartHour?: number;
  /** A paused sync resumes within this; after it, it is cancelled and restarted. @default 12 h */
  readonly resumeWithinMs?: number;
  /** Wait between attempts when offline before a sync started. @default 30000 */
  readonly offlineRetryMs?: number;
  /** Wait between attempts once a started sync lost its connection. @default 10000 */
  readonly connectionLostRetryMs?: number;
  /** Autosync: local changes are sent this long after the last one (debounced); 0 turns autosync off. @default 5000 */
  readonly autosyncDelayMs?: number;
  /** No non-blocking sync with less free disk space than this, in bytes. @default 268435456 (256 MiB) */
  readonly minFreeDiskBytes?: number;
  /** No non-blocking sync when the API usage is at or over this share of the limit. @default 0.9 */
  readonly maxApiUsage?: number;
  /** A sync whose progress stands still this long is cancelled and retried (the stall watchdog). @default 120000 */
  readonly stallTimeoutMs?: number;
  /** How often a guarded scheduler checks its guard again while the app stays active. @default 900000 (15 min) */
  readonly guardRecheckMs?: number;
  /** What {@link SyncScheduler.refresh} does while a non-blocking sync runs, unless it is told. @default 'keep-running' */
  readonly refreshWhileRunning?: RefreshWhileRunning;
}

/** Defaults of {@link SyncSchedulerOptions}. */
export const SYNC_SCHEDULER_DEFAULTS = {
  dayStartHour: SYNC_DAY_START_HOUR,
  resumeWithinMs: 12 * 60 * 60 * 1000,
  offlineRetryMs: 30_000,
  connectionLostRetryMs: 10_000,
  autosyncDelayMs: 5_000,
  minFreeDiskBytes: 256 * 1024 * 1024,
  maxApiUsage: 0.9,
  stallTimeoutMs: 120_000,
  guardRecheckMs: 15 * 60 * 1000,
  refreshWhileRunning: 'keep-running',
} as const;
