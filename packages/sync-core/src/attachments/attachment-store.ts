import type { AttachmentKind } from '@fieldsync/connector-api';
import type { LocalExecutor } from '../local-store/local-db';
import type { AttachmentEntry, AttachmentStatus } from './attachment-entry';
import { ATTACHMENT_TABLE } from './attachment-table';

/** A row of the attachment table. */
export interface AttachmentRow {
  readonly entity: string;
  readonly record_id: string;
  readonly status: AttachmentStatus;
  readonly reason: string | null;
  readonly attached_to: string | null;
  readonly file_name: string;
  readonly mime_type: string;
  readonly size: number;
  readonly version: string | null;
  readonly location: string | null;
  readonly hash: string | null;
  readonly scope: string | null;
  readonly upload_key: string | null;
  readonly upload_source: string | null;
  readonly updated_at: string;
  /** `attachment` (the record's body) or `image` (its entity image). */
  readonly kind: AttachmentKind;
}

/** Every column but the body. */
export const ROW_COLUMNS = [
  'entity',
  'record_id',
  'status',
  'reason',
  'attached_to',
  'file_name',
  'mime_type',
  'size',
  'version',
  'location',
  'hash',
  'scope',
  'upload_key',
  'upload_source',
  'updated_at',
  'kind',
] as const;

/** Reads the rows (without bodies), of one entity or all, in key order. */
export async function readAttachmentRows(db: LocalExecutor, where: { entity?: string; id?: string; status?: AttachmentStatus } = {}): Promise<AttachmentRow[]> {
  let query = db.selectFrom(ATTACHMENT_TABLE).select([...ROW_COLUMNS]);
  if (where.entity !== undefined) query = query.where('entity', '=', where.entity);
  if (where.id !== undefined) query = query.where('record_id', '=', where.id);
  if (where.status !== undefined) query = query.where('status', '=', where.status);
  return (await query.orderBy('entity').orderBy('record_id').execute()) as AttachmentRow[];
}

/** The body kept in the database, when it is. */
export async function readAttachmentBody(db: LocalExecutor, entity: string, id: string): Promise<Uint8Array | undefined> {
  const row = await db.selectFrom(ATTACHMENT_TABLE).select('body').where('entity', '=', entity).where('record_id', '=', id).executeTakeFirst();
  const body = row?.body as Uint8Array | null | undefined;
  return body ?? undefined;
}

/** Writes a row (all its columns but the body unless given), replacing the one of the same key. */
export async function writeAttachmentRow(db: LocalExecutor, row: AttachmentRow & { body?: Uint8Array | null }): Promise<void> {
  const values = { ...row, body: row.body ?? null };
  const { entity: _entity, record_id: _id, ...update } = values;
  await db
    .insertInto(ATTACHMENT_TABLE)
    .values(values)
    .onConflict((c) => c.columns(['entity', 'record_id']).doUpdateSet(update))
    .execute();
}

/** Rows per statement of {@link writeAttachmentRows}: 17 columns each stays far under SQLite's bound on parameters. */
const ROWS_PER_STATEMENT = 100;

/**
 * Writes rows (all their columns; no bodies) like {@link writeAttachmentRow}, a hundred per statement:
 * one round trip to the database for a hundred rows, each statement atomic.
 */
export async function writeAttachmentRows(db: LocalExecutor, rows: readonly AttachmentRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const values = rows.slice(start, start + ROWS_PER_STATEMENT).map((row) => ({ ...row, body: null }));
    await db
      .insertInto(ATTACHMENT_TABLE)
      .values(values)
      .onConflict((c) =>
        c
          .columns(['entity', 'record_id'])
          .doUpdateSet((eb) =>
            Object.fromEntries(
              [...ROW_COLUMNS.filter((column) => column !== 'entity' && column !== 'record_id'), 'body'].map((column) => [
                column,
                eb.ref(`excluded.${column}`),
              ]),
            ),
          ),
      )
      .execute();
  }
}

/** Changes some columns of a row. */
export async function updateAttachmentRow(
  db: LocalExecutor,
  entity: string,
  id: string,
  set: Partial<AttachmentRow> & { body?: Uint8Array | null },
): Promise<void> {
  await db.updateTable(ATTACHMENT_TABLE).set(set).where('entity', '=', entity).where('record_id', '=', id).execute();
}

/** Deletes rows by key. */
export async function deleteAttachmentRow(db: LocalExecutor, entity: string, id: string): Promise<void> {
  await db.deleteFrom(ATTACHMENT_TABLE).where('entity', '=', entity).where('record_id', '=', id).execute();
}

/** The entry the app sees for a row. */
export function entryOf(row: AttachmentRow, inDatabase: boolean): AttachmentEntry {
  return {
    entity: row.entity,
    id: row.record_id,
    kind: row.kind,
    status: row.status,
    ...(row.reason !== null ? { reason: row.reason } : {}),
    ...(row.attached_to !== null ? { attachedTo: row.attached_to } : {}),
    fileName: row.file_name,
    mimeType: row.mime_type,
    size: Number(row.size),
    ...(row.version !== null ? { version: row.version } : {}),
    ...(row.location !== null ? { path: row.location } : {}),
    inDatabase,
    ...(row.hash !== null ? { hash: row.hash } : {}),
  };
}
