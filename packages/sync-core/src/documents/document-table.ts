import type { LocalExecutor } from '../local-store/local-db';

/** The document queue (`FileDownloadQueue`) and the local state of every record document on the device (decision 180). */
export const DOCUMENT_TABLE = 'fs_document';

/** Creates the document table when it is missing (an older device database gets it on open). Runs in the caller's transaction. */
export async function ensureDocumentTable(db: LocalExecutor): Promise<void> {
  await db.schema
    .createTable(DOCUMENT_TABLE)
    .ifNotExists()
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    // The backend's item id (SharePoint / OneDrive drive item), stable across renames.
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // Relative to the record folder, `drafts/offer.docx`.
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('etag', 'text', (c) => c.notNull())
    // What decides a new download: the content tag (the eTag when the backend has none).
    .addColumn('ctag', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text')
    .addColumn('last_modified', 'text', (c) => c.notNull())
    // 'queued', 'downloaded', 'on-demand', 'refused', 'failed'.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('location', 'text')
    .addColumn('hash', 'text')
    .addColumn('scope', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('fs_document_pk', ['entity', 'record_id', 'item_id'])
    .execute();
}
