import type { DeviceChannel, SyncTrackingReport } from '@fieldsync/connector-api';
import { FieldsyncError } from '@fieldsync/model';
import type { SyncWarning } from '../engine/sync-reporter';

/** The figures of one sync as the engine knows them when it ends. */
export interface FinishedSync {
  readonly syncId: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationMs: number;
  readonly type: SyncTrackingReport['type'];
  readonly failed: boolean;
  /** The app cancelled it (`SYNC_CANCELLED`); it is also `failed`. */
  readonly cancelled?: boolean;
  readonly error?: { readonly code: string; readonly message: string };
  readonly uploaded: number;
  readonly errors: number;
  readonly retries: number;
  readonly downloaded: number;
  /** The device's Refresh Mode in effect (seed 000's Refresh_Mode_vod). */
  readonly refreshMode?: SyncTrackingReport['refreshMode'];
  /** The files of the attachment and document steps, when one ran (totals and per kind). */
  readonly files?: SyncTrackingReport['files'];
}

/** The tracking record the bridge stores for a sync (Veeva's sync tracking figures). */
export function syncTrackingReport(sync: FinishedSync): SyncTrackingReport {
  return {
    syncId: sync.syncId,
    startedAt: sync.startedAt,
    endedAt: sync.endedAt,
    durationMs: sync.durationMs,
    type: sync.type,
    success: !sync.failed,
    cancelled: sync.cancelled === true,
    uploads: sync.uploaded,
    uploadErrors: sync.errors,
    retries: sync.retries,
    downloaded: sync.downloaded,
    ...(sync.error ? { error: `${sync.error.code}: ${sync.error.message}` } : {}),
    ...(sync.refreshMode ? { refreshMode: sync.refreshMode } : {}),
    ...(sync.files ? { files: { ...sync.files } } : {}),
  };
}

/**
 * Sends a sync's tracking record and its log to the bridge. Never throws: a report that cannot be
 * sent is a warning (`SYNC_REPORT_FAILED`, `SYNC_LOG_UPLOAD_FAILED`); the sync itself is not affected.
 */
export async function reportSync(channel: DeviceChannel, sync: FinishedSync, logLines: readonly string[], warn: (warning: SyncWarning) => void): Promise<void> {
  try {
    await channel.reportSync(syncTrackingReport(sync));
  } catch (error) {
    warn({ code: 'SYNC_REPORT_FAILED', message: `the sync could not be reported to the server: ${describe(error)}` });
  }
  try {
    await channel.uploadSyncLog(sync.syncId, logLines.join('\n'));
  } catch (error) {
    warn({ code: 'SYNC_LOG_UPLOAD_FAILED', message: `the sync log could not be uploaded: ${describe(error)}` });
  }
}

function describe(error: unknown): string {
  if (FieldsyncError.is(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
