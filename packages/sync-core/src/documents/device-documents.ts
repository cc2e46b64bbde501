import type { BlobStorage } from '../attachments/blob-storage';
import type { LocalDatabase } from '../local-database/local-database';
import type { DocumentEntry, DocumentStatus } from './document-entry';
import { documentEntryOf, readDocumentRows } from './document-store';

/**
 * The record documents of the device (`engine.documents`): what each record's SharePoint / OneDrive
 * folder holds on the device, and the bytes of a downloaded one (decision 180).
 */
export class DeviceDocuments {
  /** Use `engine.documents`. */
  constructor(
    private readonly local: LocalDatabase,
    private readonly connection: { readonly attachments?: { readonly storage?: BlobStorage } },
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

  /** Streams a downloaded document's bytes; undefined when it is not on the device. */
  async read(entity: string, id: string, itemIdOrPath: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    const entry = await this.get(entity, id, itemIdOrPath);
    const storage = this.connection.attachments?.storage;
    if (!entry || entry.status !== 'downloaded' || entry.location === undefined || !storage) return undefined;
    return storage.read(entry.location);
  }
}
