import { ensureAttachmentTable } from '../attachments/attachment-table';
import { ensureDocumentTable } from '../documents/document-table';
import { ensureDocumentUploadTable } from '../documents/document-upload-table';
import type { LocalExecutor } from './local-db';

/** Prefix of every table sync-core owns; no entity may use it. */
export const SYSTEM_TABLE_PREFIX = 'fs_';

/** The tables sync-core keeps beside the entity tables. */
export const SYSTEM_TABLES = {
  /** Key/value facts of the device: format marker, customization, permissions, who am I. */
  meta: 'fs_meta',
  /** The change log: one row per local write, oldest first. */
  change: 'fs_change',
  /** The server's version and fields of a record as last synced, kept once the device changes it (field merge base). */
  shadow: 'fs_shadow',
  /** Per-entity anchor, state and sync dates. */
  anchor: 'fs_anchor',
  /** Records whose upload failed or conflicted, for the user to see and resolve. */
  error: 'fs_sync_error',
  /** One row per sync: result and the per-step figures. */
  log: 'fs_sync_log',
  /** Parents whose children cleanup removed (orphans, rows of no parent): their children are read again when they are on the device. */
  orphanParent: 'fs_orphan_parent',
  /** Attachment bodies: the queue and their local state (`ATTACHMENT_TABLE`, decision 169). */
  attachment: 'fs_attachment',
  /** Record documents (SharePoint / OneDrive): the queue and their local state (`DOCUMENT_TABLE`, decision 180). */
  document: 'fs_document',
  /** Documents put on the device, waiting to go up after their record (`DOCUMENT_UPLOAD_TABLE`, decision 193). */
  documentUpload: 'fs_document_upload',
} as const;

/** Marker stored in `fs_meta` under `format`: the file belongs to sync-core and has this layout. */
export const LOCAL_FORMAT = 'fieldsync-device/1';

/** Shadow-column names on every entity table. */
export const VERSION_COLUMN = '__version';
/** Full-sync generation that last wrote the row; rows of an older generation left the server's answer. */
export const GENERATION_COLUMN = '__generation';

/**
 * Creates the system tables that are missing. Runs in the caller's transaction so a new database
 * is either fully set up or untouched.
 */
export async function ensureSystemTables(db: LocalExecutor): Promise<void> {
  await db.schema
    .createTable(SYSTEM_TABLES.meta)
    .ifNotExists()
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable(SYSTEM_TABLES.change)
    .ifNotExists()
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('fields', 'text')
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // Set when the change left in an operation whose answer never came back: the same operation, with
    // the same key, is sent again before anything newer, so the server answers it from its record.
    .addColumn('sent_key', 'text')
    // On the first change of such an operation: the operation as it was sent, to send it again unchanged.
    .addColumn('sent_op', 'text')
    // 'pending' goes up with the next sync; 'held' waits for the user (a conflict or a failure).
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending'))
    .execute();
  await db.schema.createIndex('fs_change_record').ifNotExists().on(SYSTEM_TABLES.change).columns(['entity', 'record_id']).execute();
  await db.schema
    .createTable(SYSTEM_TABLES.shadow)
    .ifNotExists()
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text')
    .addColumn('fields', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('fs_shadow_pk', ['entity', 'record_id'])
    .execute();
  await db.schema
    .createTable(SYSTEM_TABLES.anchor)
    .ifNotExists()
    .addColumn('entity', 'text', (c) => c.primaryKey())
    .addColumn('anchor', 'text')
    // 'complete', or 'partial' while a full download has committed some pages but not its end.
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('complete'))
    .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_sync_date', 'text')
    .addColumn('last_full_sync_start', 'text')
    .addColumn('filter_hash', 'text')
    .execute();
  await db.schema
    .createTable(SYSTEM_TABLES.error)
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('local_fields', 'text')
    .addColumn('server_record', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable(SYSTEM_TABLES.log)
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('lines', 'text')
    .execute();
  await db.schema
    .createTable(SYSTEM_TABLES.orphanParent)
    .ifNotExists()
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('fs_orphan_parent_pk', ['entity', 'record_id'])
    .execute();
  await ensureAttachmentTable(db);
  await ensureDocumentTable(db);
  await ensureDocumentUploadTable(db);
}
