import type { DeviceChannel, SyncTrackingReport } from '@fieldsync/connector-api';
import { readMeta, writeMeta } from '../local-store/device-meta';
import type { LocalDb, LocalExecutor } from '../local-store/local-db';
import type { AppliedUpdate } from './apply-update';

/** The "updates applied" stamp of one Apply Update, as the bridge's sync tracking stores it. */
export function applyStampOf(applied: AppliedUpdate, startedAt: string): SyncTrackingReport {
  return {
    syncId: `${applied.syncId}:apply`,
    startedAt,
    endedAt: applied.appliedAt,
    durationMs: applied.durationMs,
    type: 'apply-update',
    success: true,
    cancelled: false,
    uploads: 0,
    uploadErrors: 0,
    retries: 0,
    downloaded: applied.counts.changed + applied.counts.removed,
  };
}

/** Queues a stamp to send (in the apply's transaction: an applied update is always stamped). */
export async function queueApplyStamp(db: LocalExecutor, stamp: SyncTrackingReport): Promise<void> {
  const queued = (await readMeta<SyncTrackingReport[]>(db, 'apply_stamps')) ?? [];
  await writeMeta(db, 'apply_stamps', [...queued, stamp]);
}

/**
 * Sends the queued "updates applied" stamps through the device channel, oldest first, and forgets
 * each one the bridge stored (a repeat is stored once: reports are idempotent by `syncId`). Stops at
 * the first that fails and keeps it and the rest for the next attempt (after the next sync). Returns
 * how many are still queued; never throws.
 */
export async function flushApplyStamps(db: LocalDb, channel: DeviceChannel): Promise<number> {
  const queued = (await readMeta<SyncTrackingReport[]>(db, 'apply_stamps')) ?? [];
  let sent = 0;
  for (const stamp of queued) {
    try {
      await channel.reportSync(stamp);
      sent += 1;
    } catch {
      break;
    }
  }
  if (sent === 0) return queued.length;
  // Stamps queued meanwhile (another apply) stay.
  await db.transaction().execute(async (trx) => {
    const now = (await readMeta<SyncTrackingReport[]>(trx, 'apply_stamps')) ?? [];
    const done = new Set(queued.slice(0, sent).map((stamp) => stamp.syncId));
    await writeMeta(
      trx,
      'apply_stamps',
      now.filter((stamp) => !done.has(stamp.syncId)),
    );
  });
  return queued.length - sent;
}
