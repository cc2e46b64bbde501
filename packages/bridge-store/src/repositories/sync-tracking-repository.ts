import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { StoredSync, SyncTrackingRepository } from '../api/bridge-store';
import type { BridgeDatabase, SyncTable } from '../database/bridge-database';
import { canonicalTime } from '../database/canonical-time';
import { toBoolean } from '../database/stored-boolean';
import { decodeCursor, encodeCursor } from '../paging/cursor';
import { pageSize } from '../paging/page-size';

/** {@link SyncTrackingRepository} over `bridge_sync`, unique by (device_id, sync_id). */
export class KyselySyncTrackingRepository implements SyncTrackingRepository {
  constructor(private readonly db: Kysely<BridgeDatabase>) {}

  async record(input: Omit<StoredSync, 'id'>): Promise<StoredSync> {
    const startedAt = canonicalTime(input.startedAt, 'startedAt');
    const endedAt = canonicalTime(input.endedAt, 'endedAt');
    return this.db.transaction().execute(async (trx) => {
      // A repeated report (the device retried after a lost answer) inserts nothing and answers the stored one.
      await trx
        .insertInto('bridge_sync')
        .values({
          id: randomUUID(),
          sync_id: input.syncId,
          device_id: input.deviceId,
          user_id: input.userId,
          started_at: startedAt,
          ended_at: endedAt,
          duration_ms: input.durationMs,
          type: input.type,
          success: input.success,
          cancelled: input.cancelled,
          uploads: input.uploads,
          upload_errors: input.uploadErrors,
          retries: input.retries,
          downloaded: input.downloaded,
          error: input.error ?? null,
          refresh_mode: input.refreshMode ?? null,
          files_count: input.files?.count ?? null,
          files_bytes: input.files?.bytes ?? null,
          files_refused: input.files?.refused ?? null,
          files_queued: input.files?.queued ?? null,
          attachments_count: input.files?.attachments?.count ?? null,
          attachments_bytes: input.files?.attachments?.bytes ?? null,
          attachments_refused: input.files?.attachments?.refused ?? null,
          attachments_queued: input.files?.attachments?.queued ?? null,
          documents_count: input.files?.documents?.count ?? null,
          documents_bytes: input.files?.documents?.bytes ?? null,
          documents_refused: input.files?.documents?.refused ?? null,
          documents_queued: input.files?.documents?.queued ?? null,
        })
        .onConflict((oc) => oc.columns(['device_id', 'sync_id']).doNothing())
        .execute();
      const stored = await trx
        .selectFrom('bridge_sync')
        .selectAll()
        .where('device_id', '=', input.deviceId)
        .where('sync_id', '=', input.syncId)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('bridge_device')
        .set({ last_sync_at: stored.started_at })
        .where('device_id', '=', input.deviceId)
        .where((eb) => eb.or([eb('last_sync_at', 'is', null), eb('last_sync_at', '<', stored.started_at)]))
        .execute();
      return toSync(stored);
    });
  }

  async listByDevice(deviceId: string, page: { first: number; after?: string }): Promise<{ syncs: StoredSync[]; cursors: string[]; hasNextPage: boolean }> {
    const first = pageSize(page.first);
    let query = this.db.selectFrom('bridge_sync').selectAll().where('device_id', '=', deviceId);
    if (page.after !== undefined) {
      const [startedAt, id] = decodeCursor('sync', page.after, 2).map(String);
      // Newest first: the next page holds what sorts after (startedAt, id) descending.
      query = query.where((eb) => eb.or([eb('started_at', '<', startedAt), eb.and([eb('started_at', '=', startedAt), eb('id', '<', id)])]));
    }
    const rows = await query
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(first + 1)
      .execute();
    const syncs = rows.slice(0, first).map(toSync);
    return {
      syncs,
      cursors: syncs.map((s) => encodeCursor('sync', [s.startedAt, s.id])),
      hasNextPage: rows.length > first,
    };
  }
}

function toSync(row: Selectable<SyncTable>): StoredSync {
  return {
    id: row.id,
    syncId: row.sync_id,
    deviceId: row.device_id,
    userId: row.user_id,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs: Number(row.duration_ms),
    type: row.type as StoredSync['type'],
    success: toBoolean(row.success),
    cancelled: toBoolean(row.cancelled),
    uploads: Number(row.uploads),
    uploadErrors: Number(row.upload_errors),
    retries: Number(row.retries),
    downloaded: Number(row.downloaded),
    ...(row.error !== null && { error: row.error }),
    ...((row.refresh_mode === 'blocking' || row.refresh_mode === 'non-blocking') && { refreshMode: row.refresh_mode }),
    ...(row.files_count !== null && {
      files: {
        count: Number(row.files_count),
        bytes: Number(row.files_bytes ?? 0),
        refused: Number(row.files_refused ?? 0),
        queued: Number(row.files_queued ?? 0),
        ...(row.attachments_count !== null && {
          attachments: {
            count: Number(row.attachments_count),
            bytes: Number(row.attachments_bytes ?? 0),
            refused: Number(row.attachments_refused ?? 0),
            queued: Number(row.attachments_queued ?? 0),
          },
        }),
        ...(row.documents_count !== null && {
          documents: {
            count: Number(row.documents_count),
            bytes: Number(row.documents_bytes ?? 0),
            refused: Number(row.documents_refused ?? 0),
            queued: Number(row.documents_queued ?? 0),
          },
        }),
      },
    }),
  };
}
