import type { LocalExecutor } from '../local-store/local-db';

/** Documents put on the device (`engine.documents.put`) that wait to go up after their record (decision 193). */
export const DOCUMENT_UPLOAD_TABLE = 'fs_document_upload';

/** Creates the document upload table when it is missing (an older device database gets it on open). Runs in the caller's transaction. */
export async function ensureDocumentUploadTable(db: LocalExecutor): Promise<void> {
  await db.schema
    .createTable(DOCUMENT_UPLOAD_TABLE)
    .ifNotExists()
    // Made before anything is sent, and sent with every attempt: the bridge answers a repeat from its session.
    .addColumn('upload_key', 'text', (c) => c.primaryKey())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    // The copy of the file in the device's storage, read in chunks when it is sent.
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    // Why the last attempt failed; null before the first.
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
