import type { CrmRecord, FieldValues } from '@fieldsync/model';
import type { LocalExecutor } from '../local-store/local-db';
import { SYSTEM_TABLES } from '../local-store/system-tables';

/** Why an upload of a record stopped for the user: a conflict, a record deleted on the server, or a refusal. */
export type SyncErrorKind = 'conflict' | 'deleted-on-server' | 'failed';

/** A record whose local changes wait for the user, with both sides where there are two. */
export interface SyncErrorEntry {
  readonly id: number;
  readonly entity: string;
  readonly recordId: string;
  readonly kind: SyncErrorKind;
  readonly code: string;
  readonly message: string;
  /** The fields the device changed. */
  readonly localFields?: FieldValues;
  /** The server's record when the error was raised (conflicts). */
  readonly serverRecord?: CrmRecord;
  readonly createdAt: string;
}

/** Records a sync error, replacing an older one of the same record. */
export async function recordSyncError(db: LocalExecutor, entry: Omit<SyncErrorEntry, 'id' | 'createdAt'> & { now: number }): Promise<void> {
  await db.deleteFrom(SYSTEM_TABLES.error).where('entity', '=', entry.entity).where('record_id', '=', entry.recordId).execute();
  await db
    .insertInto(SYSTEM_TABLES.error)
    .values({
      entity: entry.entity,
      record_id: entry.recordId,
      kind: entry.kind,
      code: entry.code,
      message: entry.message,
      local_fields: entry.localFields ? JSON.stringify(entry.localFields) : null,
      server_record: entry.serverRecord ? JSON.stringify(entry.serverRecord) : null,
      created_at: new Date(entry.now).toISOString(),
    })
    .execute();
}

/** Every sync error, oldest first. */
export async function listSyncErrors(db: LocalExecutor): Promise<SyncErrorEntry[]> {
  const rows = await db.selectFrom(SYSTEM_TABLES.error).selectAll().orderBy('id').execute();
  return rows.map((row) => ({
    id: Number(row.id),
    entity: row.entity as string,
    recordId: row.record_id as string,
    kind: row.kind as SyncErrorKind,
    code: row.code as string,
    message: row.message as string,
    ...(row.local_fields ? { localFields: JSON.parse(row.local_fields as string) as FieldValues } : {}),
    ...(row.server_record ? { serverRecord: JSON.parse(row.server_record as string) as CrmRecord } : {}),
    createdAt: row.created_at as string,
  }));
}
