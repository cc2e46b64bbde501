import type { LocalExecutor } from '../local-store/local-db';
import { DOCUMENT_UPLOAD_TABLE } from './document-upload-table';

/** A row of the document upload table. */
export interface DocumentUploadRow {
  readonly upload_key: string;
  readonly entity: string;
  readonly record_id: string;
  readonly file_name: string;
  readonly size: number;
  readonly location: string;
  readonly hash: string;
  readonly reason: string | null;
  readonly created_at: string;
}

/** The documents waiting to go up, oldest first (of one record when given). */
export async function readDocumentUploads(db: LocalExecutor, where: { entity?: string; recordId?: string } = {}): Promise<DocumentUploadRow[]> {
  let query = db.selectFrom(DOCUMENT_UPLOAD_TABLE).selectAll();
  if (where.entity !== undefined) query = query.where('entity', '=', where.entity);
  if (where.recordId !== undefined) query = query.where('record_id', '=', where.recordId);
  return (await query.orderBy('created_at').orderBy('upload_key').execute()) as DocumentUploadRow[];
}

/** Stores a document to send. */
export async function insertDocumentUpload(db: LocalExecutor, row: DocumentUploadRow): Promise<void> {
  await db.insertInto(DOCUMENT_UPLOAD_TABLE).values(row).execute();
}

/** Notes why an attempt failed. */
export async function noteDocumentUploadFailure(db: LocalExecutor, key: string, reason: string): Promise<void> {
  await db.updateTable(DOCUMENT_UPLOAD_TABLE).set({ reason }).where('upload_key', '=', key).execute();
}

/** Forgets a sent document. */
export async function deleteDocumentUpload(db: LocalExecutor, key: string): Promise<void> {
  await db.deleteFrom(DOCUMENT_UPLOAD_TABLE).where('upload_key', '=', key).execute();
}
