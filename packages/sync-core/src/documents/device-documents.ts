import type { CrmConnector } from '@fieldsync/connector-api';
import { FieldsyncError } from '@fieldsync/model';
import { attachmentRunner } from '../attachments/attachment-runner';
import type { BlobStorage } from '../attachments/blob-storage';
import type { LocalDatabase } from '../local-database/local-database';
import type { DocumentEntry, DocumentStatus } from './document-entry';
import { documentBlobKey, documentEntryOf, readDocumentRows } from './document-store';
import { fetchDocument } from './fetch-document';

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
    private readonly connection: { readonly connector?: CrmConnector; readonly attachments?: { readonly storage?: BlobStorage } },
  ) {}

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
