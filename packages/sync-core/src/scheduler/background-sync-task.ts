import { systemTimerClock, type TimerClock } from '@fieldsync/model';
import type { SyncOptions } from '../engine/sync-engine-options';
import type { SyncResult } from '../engine/sync-result';
import type { BackgroundCompletion, BackgroundTask } from './background-host';
import type { ScheduledSyncTarget } from './scheduled-sync-target';

/** How {@link createBackgroundSyncTask} syncs in the background; read once. */
export interface BackgroundSyncTaskOptions {
  /** Times the slice's own deadline. @default systemTimerClock */
  readonly clock?: TimerClock;
  /**
   * Options of each slice's sync. @default { background: true } (not staged: a staged download is
   * swapped in only at its end, so a slice cut at its budget would keep nothing of it; an unstaged one
   * keeps every entity it completed)
   */
  readonly syncOptions?: Omit<SyncOptions, 'signal' | 'onProgress'>;
  /** The slice stops this long before the budget ends, to write its report in time. @default 2000 */
  readonly marginMs?: number;
  /** Receives each slice's result (a cut slice ends `SYNC_CANCELLED`). */
  readonly onResult?: (result: SyncResult) => void;
}

/**
 * A {@link BackgroundTask} that runs the engine in budget-sized, resumable slices (Volt MX background
 * sync under a host): each run starts a background sync and cancels it shortly before the budget ends
 * (or when the host takes the time back). The engine stops at its next boundary keeping what it
 * received, and the next run goes on from the anchors and the change queue. A slice that moved data is
 * `new-data`, even when cut; one that found nothing `no-data`; one that failed (or found a sync already
 * running) `failed` or `no-data`.
 * @example backgroundHost.register({ id: 'fieldsync.sync', minimumIntervalMs: 15 * 60_000 }, createBackgroundSyncTask(engine));
 */
export function createBackgroundSyncTask(target: ScheduledSyncTarget, options: BackgroundSyncTaskOptions = {}): BackgroundTask {
  const clock = options.clock ?? systemTimerClock;
  const syncOptions = options.syncOptions ?? { background: true };
  const marginMs = options.marginMs ?? 2_000;
  return async ({ signal, budgetMs }) => {
    const controller = new AbortController();
    const stop = () => controller.abort();
    if (signal.aborted) return 'no-data';
    signal.addEventListener('abort', stop, { once: true });
    const deadline = new AbortController();
    clock.sleep(Math.max(0, budgetMs - marginMs), deadline.signal).then(stop, () => undefined);
    let progressed = false;
    try {
      const result = await target.sync({
        ...syncOptions,
        signal: controller.signal,
        onProgress: (progress) => {
          if ((progress.step === 'download' || progress.step === 'upload') && progress.done > 0) progressed = true;
        },
      });
      options.onResult?.(result);
      return completionOf(result, progressed);
    } catch (error) {
      // A sync the app runs in the foreground already: nothing for this slice to do.
      return (error as { code?: unknown } | undefined)?.code === 'SYNC_IN_PROGRESS' ? 'no-data' : 'failed';
    } finally {
      deadline.abort();
      signal.removeEventListener('abort', stop);
    }
  };
}

function completionOf(result: SyncResult, progressed: boolean): BackgroundCompletion {
  const moved = progressed || result.uploaded + result.downloaded + result.deleted > 0;
  if (result.result !== 'failed' || result.cancelled) return moved ? 'new-data' : 'no-data';
  return 'failed';
}
