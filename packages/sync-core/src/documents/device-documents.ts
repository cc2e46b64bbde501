import type { CrmConnector } from '@fieldsync/connector-api';
import { FieldsyncError } from '@fieldsync/model';
import { attachmentRunner } from '../attachments/attachment-runner';
import type { BlobStorage } from '../attachments/blob-storage';
import type { LocalDatabase } from '../local-database/local-database';
import type { DocumentEntry, DocumentStatus } from './document-entry';
import { documentBlobKey, documentEntryOf, readDocumentRows } from './document-store';
import { fetchDocument } from './fetch-document';
import { randomUUID } from '../ids/random-uuid';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';
import { documentEntities } from './queue-documents';
import { insertDocumentUpload, readDocumentUploads, type DocumentUploadRow } from './document-upload-store';
import { InvalidDocumentPutError } from './invalid-document-put-error';

/** A document put on the device that waits to go up (`engine.documents.pending`). */
export interface PendingDocumentUpload {
  readonly entity: string;
  readonly recordId: string;
  readonly fileName: string;
  readonly size: number;
  /** Why the last attempt failed; absent before the first. */
  readonly reason?: string;
}

/** Options of {@link DeviceDocuments.download}. */
export interface DocumentDownloadOptions {
  /** Told of the bytes received so far and the file's size. */
  readonly onProgress?: (progress: { readonly bytes: number; readonly size: number }) => void;
  /** Cancels the download (`SYNC_CANCELLED`); the bytes received are kept and the next attempt resumes. */
  readonly signal?: AbortSignal;
}

/**
 * The record documents of the device (`engine.documents`): what each record's SharePoint / OneDrive
 * folder holds on the device, and the bytes of a downloaded one (decision 180).
 */
export class DeviceDocuments {
  /** Use `engine.documents`. */
  constructor(
    private readonly local: LocalDatabase,
    private readonly connection: {
      readonly connector?: CrmConnector;
      readonly attachments?: { readonly storage?: BlobStorage; readonly readPath?: (path: string, chunkBytes: number) => AsyncIterable<Uint8Array> };
    },
  ) {}

  /**
   * Puts a file into a record's document folder: `source` (a path read through `attachments.readPath`,
   * or a stream) is copied in chunks into the device's storage, and the upload is queued with an
   * idempotency key, in one row written before anything is sent (decision 193). The next sync sends it
   * once the record is on the server (a record created offline first gets its id), and then lists it
   * in {@link list} as downloaded, without fetching it back. Throws `INVALID_DOCUMENT_PUT` naming the
   * problem (an entity without a document backend, a record not on the device, a blank file name, a
   * source that cannot be read) and changes nothing.
   */
  async put(entity: string, id: string, fileName: string, source: string | AsyncIterable<Uint8Array>): Promise<PendingDocumentUpload> {
    const storage = this.connection.attachments?.storage;
    if (!storage) throw new InvalidDocumentPutError(entity, id, 'the device keeps no files: open the engine with attachments.storage');
    const name = fileName.trim();
    if (name === '' || name.length > 255 || /[\\/:*?"<>|]/.test(name))
      throw new InvalidDocumentPutError(entity, id, `'${fileName}' is not a file name (1 to 255 characters, none of \\ / : * ? " < > |)`);
    const { local } = await this.local.deviceState();
    const documentEntity = documentEntities(local).find((candidate) => candidate.entity === entity);
    if (!documentEntity) throw new InvalidDocumentPutError(entity, id, `'${entity}' has no document backend in this device's customization`);
    const record = await this.local.db.selectFrom(entity).select(documentEntity.primaryKey).where(documentEntity.primaryKey, '=', id).executeTakeFirst();
    if (!record) throw new InvalidDocumentPutError(entity, id, `${entity} '${id}' is not on this device`);
    let chunks: AsyncIterable<Uint8Array>;
    if (typeof source === 'string') {
      const readPath = this.connection.attachments?.readPath;
      if (!readPath) throw new InvalidDocumentPutError(entity, id, 'a file given by path needs the engine option attachments.readPath');
      chunks = readPath(source, 256 * 1024);
    } else chunks = source;
    const key = randomUUID();
    const blob = { entity: `documents.${entity}`, id: `${id}.upload-${key}` };
    const writer = await storage.open(blob.entity, blob.id, false);
    const hash = sha256.create();
    let size = 0;
    let location: string | undefined;
    try {
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.byteLength;
        await writer.write(chunk);
      }
      location = (await writer.commit()).location;
    } catch (error) {
      await writer.discard();
      await storage.remove(blob.entity, blob.id);
      const message = error instanceof Error ? error.message : String(error);
      throw new InvalidDocumentPutError(entity, id, `${typeof source === 'string' ? source : 'the stream'} could not be read: ${message}`);
    }
    if (location === undefined) {
      await storage.remove(blob.entity, blob.id);
      throw new InvalidDocumentPutError(entity, id, 'documents need file storage (the storage kept the body in the database)');
    }
    const row: DocumentUploadRow = {
      upload_key: key,
      entity,
      record_id: id,
      file_name: name,
      size,
      location,
      hash: bytesToHex(hash.digest()),
      reason: null,
      created_at: new Date(this.local.clock.now()).toISOString(),
    };
    await insertDocumentUpload(this.local.db, row);
    return pendingOf(row);
  }

  /** The documents put on the device that wait to go up (of one record, of one entity, or all), oldest first. */
  async pending(entity?: string, id?: string): Promise<PendingDocumentUpload[]> {
    const rows = await readDocumentUploads(this.local.db, { ...(entity !== undefined ? { entity } : {}), ...(id !== undefined ? { recordId: id } : {}) });
    return rows.map(pendingOf);
  }

  /** The documents of one record (or of every record of an entity, or all), by path. */
  async list(entity?: string, id?: string, where: { status?: DocumentStatus } = {}): Promise<DocumentEntry[]> {
    const rows = await readDocumentRows(this.local.db, {
      ...(entity !== undefined ? { entity } : {}),
      ...(id !== undefined ? { recordId: id } : {}),
      ...(where.status !== undefined ? { status: where.status } : {}),
    });
    return rows.map(documentEntryOf);
  }

  /** One document of a record, by its item id or its path in the record folder; undefined when the device knows none. */
  async get(entity: string, id: string, itemIdOrPath: string): Promise<DocumentEntry | undefined> {
    const rows = await readDocumentRows(this.local.db, { entity, recordId: id });
    const row = rows.find((candidate) => candidate.item_id === itemIdOrPath) ?? rows.find((candidate) => candidate.path === itemIdOrPath);
    return row ? documentEntryOf(row) : undefined;
  }

  /**
   * Downloads one document now, whatever the filter decided (on demand, refused, queued or failed),
   * with progress and cancellation; one already on the device is downloaded again. Throws
   * `DOCUMENT_NOT_FOUND` when the device knows no such document of the record (a sync lists the folders).
   */
  async download(entity: string, id: string, itemIdOrPath: string, options: DocumentDownloadOptions = {}): Promise<DocumentEntry> {
    const { connector } = this.connection;
    const storage = this.connection.attachments?.storage;
    if (!connector || !storage)
      throw new FieldsyncError('UNSUPPORTED_CAPABILITY', 'downloading a document needs a connected device with file storage', { capability: 'documents' });
    const rows = await readDocumentRows(this.local.db, { entity, recordId: id });
    const row = rows.find((candidate) => candidate.item_id === itemIdOrPath) ?? rows.find((candidate) => candidate.path === itemIdOrPath);
    if (!row) throw new FieldsyncError('DOCUMENT_NOT_FOUND', `${entity} '${id}' has no document '${itemIdOrPath}' on this device`, { entity, id });
    // A file the document step may be writing is fetched once the device's background work ended.
    await attachmentRunner.idle(this.local);
    if (row.status === 'downloaded') {
      const blob = documentBlobKey(row);
      await storage.remove(blob.entity, blob.id);
    }
    await fetchDocument({
      db: this.local.db,
      connector,
      storage,
      row,
      now: () => new Date(this.local.clock.now()).toISOString(),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onBytes: (bytes: number, size: number) => options.onProgress?.({ bytes, size }) } : {}),
    });
    const entry = await this.get(entity, id, row.item_id);
    if (!entry) throw new FieldsyncError('DOCUMENT_NOT_FOUND', `${entity} '${id}' has no document '${itemIdOrPath}' on this device`, { entity, id });
    return entry;
  }

  /** Streams a downloaded document's bytes; undefined when it is not on the device. */
  async read(entity: string, id: string, itemIdOrPath: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    const entry = await this.get(entity, id, itemIdOrPath);
    const storage = this.connection.attachments?.storage;
    if (!entry || entry.status !== 'downloaded' || entry.location === undefined || !storage) return undefined;
    return storage.read(entry.location);
  }
}

function pendingOf(row: DocumentUploadRow): PendingDocumentUpload {
  return {
    entity: row.entity,
    recordId: row.record_id,
    fileName: row.file_name,
    size: Number(row.size),
    ...(row.reason !== null ? { reason: row.reason } : {}),
  };
}
