/** One sync as the charts draw it. */
export interface SyncPoint {
  readonly syncId: string;
  /** When the sync ended, as the axis labels it (local time). */
  readonly label: string;
  readonly durationMs: number;
  readonly uploads: number;
  readonly downloaded: number;
  readonly uploadErrors: number;
  /** 1 when the sync itself failed (not cancelled), else 0. */
  readonly failures: number;
  readonly failed: boolean;
}

/** The fields of a sync the charts read (the device detail query's sync node). */
export interface ChartedSync {
  readonly syncId: string;
  readonly endedAt: string;
  readonly durationMs: number;
  readonly uploads: number;
  readonly downloaded: number;
  readonly uploadErrors: number;
  readonly success: boolean;
  readonly cancelled: boolean;
}

/** The syncs as chart points, oldest first (the API lists them newest first). */
export function syncPointsOf(syncs: readonly ChartedSync[]): SyncPoint[] {
  return [...syncs]
    .sort((a, b) => a.endedAt.localeCompare(b.endedAt))
    .map((sync) => {
      const failed = !sync.success && !sync.cancelled;
      return {
        syncId: sync.syncId,
        label: new Date(sync.endedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
        durationMs: sync.durationMs,
        uploads: sync.uploads,
        downloaded: sync.downloaded,
        uploadErrors: sync.uploadErrors,
        failures: failed ? 1 : 0,
        failed,
      };
    });
}
