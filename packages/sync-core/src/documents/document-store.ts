import type { LocalExecutor } from '../local-store/local-db';
import type { DocumentEntry, DocumentStatus } from './document-entry';
import { DOCUMENT_TABLE } from './document-table';

/** A row of the document table. */
export interface DocumentRow {
  readonly entity: string;
  readonly record_id: string;
  readonly item_id: string;
  readonly name: string;
  readonly path: string;
  readonly size: number;
  readonly etag: string;
  readonly ctag: string;
  readonly mime_type: string | null;
  readonly last_modified: string;
  readonly status: DocumentStatus;
  readonly reason: string | null;
  readonly location: string | null;
  readonly hash: string | null;
  readonly scope: string | null;
  readonly updated_at: string;
}

/** Reads the rows of one record, one entity or all, in key order. */
export async function readDocumentRows(
  db: LocalExecutor,
  where: { entity?: string; recordId?: string; itemId?: string; status?: DocumentStatus } = {},
): Promise<DocumentRow[]> {
  let query = db.selectFrom(DOCUMENT_TABLE).selectAll();
  if (where.entity !== undefined) query = query.where('entity', '=', where.entity);
  if (where.recordId !== undefined) query = query.where('record_id', '=', where.recordId);
  if (where.itemId !== undefined) query = query.where('item_id', '=', where.itemId);
  if (where.status !== undefined) query = query.where('status', '=', where.status);
  return (await query.orderBy('entity').orderBy('record_id').orderBy('path').execute()) as DocumentRow[];
}

/** Inserts or replaces a row. */
export async function writeDocumentRow(db: LocalExecutor, row: DocumentRow): Promise<void> {
  await db.replaceInto(DOCUMENT_TABLE).values(row).execute();
}

/** Changes some columns of a row. */
export async function updateDocumentRow(
  db: LocalExecutor,
  key: Pick<DocumentRow, 'entity' | 'record_id' | 'item_id'>,
  changes: Partial<DocumentRow>,
): Promise<void> {
  await db
    .updateTable(DOCUMENT_TABLE)
    .set(changes)
    .where('entity', '=', key.entity)
    .where('record_id', '=', key.record_id)
    .where('item_id', '=', key.item_id)
    .execute();
}

/** Deletes a row. */
export async function deleteDocumentRow(db: LocalExecutor, key: Pick<DocumentRow, 'entity' | 'record_id' | 'item_id'>): Promise<void> {
  await db.deleteFrom(DOCUMENT_TABLE).where('entity', '=', key.entity).where('record_id', '=', key.record_id).where('item_id', '=', key.item_id).execute();
}

/** A row as the app sees it. */
export function documentEntryOf(row: DocumentRow): DocumentEntry {
  return {
    entity: row.entity,
    recordId: row.record_id,
    itemId: row.item_id,
    name: row.name,
    path: row.path,
    size: Number(row.size),
    eTag: row.etag,
    ...(row.mime_type !== null ? { mimeType: row.mime_type } : {}),
    lastModified: row.last_modified,
    status: row.status,
    ...(row.reason !== null ? { reason: row.reason } : {}),
    ...(row.location !== null ? { location: row.location } : {}),
    ...(row.hash !== null ? { hash: row.hash } : {}),
  };
}

/** Where a document is kept in the blob storage: entity `documents.<entity>`, id `<record id>.<item id>`. */
export function documentBlobKey(row: Pick<DocumentRow, 'entity' | 'record_id' | 'item_id'>): { readonly entity: string; readonly id: string } {
  return { entity: `documents.${row.entity}`, id: `${row.record_id}.${row.item_id}` };
}
