import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { StoredSyncLog, SyncLogRepository } from '../api/bridge-store';
import type { BridgeDatabase, SyncLogTable } from '../database/bridge-database';
import { canonicalTime } from '../database/canonical-time';
import { pageSize } from '../paging/page-size';

/** {@link SyncLogRepository} over `bridge_sync_log`. */
export class KyselySyncLogRepository implements SyncLogRepository {
  constructor(private readonly db: Kysely<BridgeDatabase>) {}

  async append(input: { deviceId: string; syncId: string; text: string; now: string }): Promise<StoredSyncLog> {
    const row = await this.db
      .insertInto('bridge_sync_log')
      .values({ id: randomUUID(), device_id: input.deviceId, sync_id: input.syncId, uploaded_at: canonicalTime(input.now, 'now'), text: input.text })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSyncLog(row);
  }

  async listByDevice(deviceId: string, first: number): Promise<StoredSyncLog[]> {
    const rows = await this.db
      .selectFrom('bridge_sync_log')
      .selectAll()
      .where('device_id', '=', deviceId)
      .orderBy('uploaded_at', 'desc')
      .orderBy('seq', 'desc')
      .limit(pageSize(first))
      .execute();
    return rows.map(toSyncLog);
  }
}

function toSyncLog(row: Selectable<SyncLogTable>): StoredSyncLog {
  return { id: row.id, deviceId: row.device_id, syncId: row.sync_id, uploadedAt: row.uploaded_at, text: row.text };
}
