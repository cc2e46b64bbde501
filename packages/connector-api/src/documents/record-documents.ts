import type { DocumentItem, DocumentsWarning } from './documents-connector';

/** A record whose documents a device asks for, by entity and id (the bridge finds the folder). */
export interface RecordDocumentsRef {
  readonly entity: string;
  readonly id: string;
}

/**
 * A record's document folder as the device sees it through `CrmConnector.listDocuments`: its items,
 * or none with a warning that skips the record's documents (a missing OneDrive root folder).
 */
export interface RecordDocumentListing {
  readonly items: readonly DocumentItem[];
  readonly warning?: DocumentsWarning;
}

/** A file a device puts into a record's document folder (`CrmConnector.writeDocument`). */
export interface RecordDocumentUpload {
  /** The file's name in the record folder; a file of that name is replaced. */
  readonly fileName: string;
  /** The whole file's size, bytes. */
  readonly size: number;
  /** Read once, chunk by chunk; never held whole. */
  readonly body: AsyncIterable<Uint8Array>;
  /** Stored once per key: a repeat (a lost answer) answers the stored file and never makes a second one. */
  readonly idempotencyKey: string;
}
