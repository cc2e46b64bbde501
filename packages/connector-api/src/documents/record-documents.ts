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
