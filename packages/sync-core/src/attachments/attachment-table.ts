import { sql } from 'kysely';
import type { LocalExecutor } from '../local-store/local-db';

/** The attachment queue and the local state of every body of a record on the device (decision 169). */
export const ATTACHMENT_TABLE = 'fs_attachment';

/**
 * Creates the attachment table when it is missing (a device database of an older engine gets it on
 * open, as every system table). Runs in the caller's transaction.
 */
export async function ensureAttachmentTable(db: LocalExecutor): Promise<void> {
  await db.schema
    .createTable(ATTACHMENT_TABLE)
    .ifNotExists()
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    // 'queued', 'downloaded', 'on-demand', 'refused', 'failed', 'upload' (created on the device, not sent yet).
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('attached_to', 'text')
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    // The record's version the body belongs to: a new version queues the body again.
    .addColumn('version', 'text')
    // Where the body is kept (a file path), absent when it is in `body` or not on the device.
    .addColumn('location', 'text')
    .addColumn('body', 'blob')
    .addColumn('hash', 'text')
    // The quota scope the body is charged to while it is queued or on the device.
    .addColumn('scope', 'text')
    // A device-created body: its idempotency key (set before the first attempt) and its source.
    .addColumn('upload_key', 'text')
    .addColumn('upload_source', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // 'attachment' (the record's body) or 'image' (its entity image, decision 181).
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('attachment'))
    .addPrimaryKeyConstraint('fs_attachment_pk', ['entity', 'record_id'])
    .execute();
  // A table made by an engine before entity images has no `kind`: every row in it is an attachment.
  const columns = await sql<{ name: string }>`pragma table_info(${sql.raw(ATTACHMENT_TABLE)})`.execute(db);
  if (!columns.rows.some((column) => column.name === 'kind')) {
    await db.schema
      .alterTable(ATTACHMENT_TABLE)
      .addColumn('kind', 'text', (c) => c.notNull().defaultTo('attachment'))
      .execute();
  }
}
