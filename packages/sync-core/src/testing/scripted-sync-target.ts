import type { ApiUsage } from '@fieldsync/connector-api';
import type { DeviceStatus } from '../engine/device-status';
import type { SyncOptions } from '../engine/sync-engine-options';
import type { SyncProgress } from '../engine/sync-reporter';
import type { SyncResult } from '../engine/sync-result';
import type { RefreshMode } from '../refresh-mode/refresh-mode';
import type { ScheduledSyncTarget } from '../scheduler/scheduled-sync-target';

/** One sync a {@link ScriptedSyncTarget} received: the test reports its progress and ends it. */
export interface ScriptedSync {
  readonly options: SyncOptions;
  readonly signal: AbortSignal;
  /** Reports a progress event to the scheduler. */
  progress(progress: SyncProgress): void;
  /** Ends the sync `ok` (with figures). */
  succeed(figures?: Partial<Pick<SyncResult, 'uploaded' | 'downloaded'>>): void;
  /** Ends the sync `failed` with `code`. */
  fail(code: string, message?: string): void;
  /** Settled (by the test, or by its signal: a cancelled sync ends `SYNC_CANCELLED` as the engine's does). */
  readonly ended: boolean;
}

/**
 * A {@link ScheduledSyncTarget} whose syncs the test ends, for the scheduler's unit tests (the
 * integration spec drives a real `SyncEngine`). Each sync waits until the test ends it or its signal
 * aborts; `status` says whether the device finished its first sync; `usage` is what `apiUsage` answers
 * (`'offline'`: it throws a `TRANSIENT` error); `mode` is the Refresh Mode `refreshMode` answers.
 */
export class ScriptedSyncTarget implements ScheduledSyncTarget {
  readonly syncs: ScriptedSync[] = [];
  initialized = true;
  usage: ApiUsage | 'offline' = { used: 10, limit: 1000, windowMs: 86_400_000 };
  /** What `refreshMode` answers: the Refresh Mode in effect. */
  mode: RefreshMode = 'non-blocking';

  /** The sync running now (the last one, when it has not ended). */
  get current(): ScriptedSync | undefined {
    const last = this.syncs[this.syncs.length - 1];
    return last && !last.ended ? last : undefined;
  }

  sync(options: SyncOptions): Promise<SyncResult> {
    return new Promise<SyncResult>((resolve) => {
      const signal = options.signal ?? new AbortController().signal;
      let ended = false;
      const end = (result: Partial<SyncResult>) => {
        if (ended) return;
        ended = true;
        resolve({
          syncId: `sync-${this.syncs.length}`,
          result: 'ok',
          kind: 'incremental',
          warnings: [],
          uploaded: 0,
          downloaded: 0,
          deleted: 0,
          conflicts: 0,
          errors: 0,
          retries: 0,
          durationMs: 0,
          startedAt: new Date(0).toISOString(),
          decisions: [],
          entities: [],
          steps: [],
          log: [],
          ...result,
        });
      };
      signal.addEventListener('abort', () => end({ result: 'failed', cancelled: true, error: { code: 'SYNC_CANCELLED', message: 'cancelled' } }), {
        once: true,
      });
      this.syncs.push({
        options,
        signal,
        progress: (progress) => options.onProgress?.(progress),
        succeed: (figures = {}) => end({ result: 'ok', ...figures }),
        fail: (code, message = code) => end({ result: 'failed', error: { code, message } }),
        get ended() {
          return ended;
        },
      });
    });
  }

  async status(): Promise<DeviceStatus> {
    return {
      initialized: this.initialized,
      pendingChanges: 0,
      syncErrors: 0,
      entities: [],
      ...(this.initialized ? { lastSync: { startedAt: new Date(0).toISOString(), result: 'ok' } } : {}),
    };
  }

  async refreshMode(): Promise<{ mode: RefreshMode }> {
    return { mode: this.mode };
  }

  async apiUsage(): Promise<ApiUsage> {
    if (this.usage === 'offline') throw Object.assign(new Error('the bridge could not be reached'), { code: 'TRANSIENT' });
    return this.usage;
  }
}
