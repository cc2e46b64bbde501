import type { ByteRange } from '../attachments';

/** The record whose document folder is meant (a SharePoint or OneDrive folder per CRM record). */
export interface DocumentRecord {
  /** The entity's logical name, `account`. */
  readonly entity: string;
  /** The record id (a GUID with dashes for Dataverse). */
  readonly id: string;
  /** The record's primary name, used in the folder name. */
  readonly name: string;
}

/** A file or folder in (or below) a record's document folder. */
export interface DocumentItem {
  /** The backend's item id (stable across renames and moves). */
  readonly id: string;
  readonly name: string;
  readonly kind: 'file' | 'folder';
  /** Path relative to the record folder, `contract.pdf` or `drafts/offer.docx`. */
  readonly path: string;
  readonly size: number;
  /** Changes with every change of the item. */
  readonly eTag: string;
  /** Changes with the content only (files); what decides a new download. */
  readonly cTag?: string;
  readonly mimeType?: string;
  /** ISO 8601. */
  readonly lastModified: string;
}

/** A record folder the backend holds. */
export interface DocumentFolder {
  readonly id: string;
  /** The folder's path in its drive, `account/Contoso_5c1f…`. */
  readonly path: string;
}

/** Why document sync is skipped for a record, without failing the sync (seed 003: a missing OneDrive root folder). */
export interface DocumentsWarning {
  readonly code: 'onedrive-root-missing' | 'document-location-missing';
  readonly message: string;
}

/** What {@link DocumentsConnector.ensureRecordFolder} answers: the folder, or a warning that skips the record's documents. */
export type EnsureFolderOutcome =
  { readonly kind: 'folder'; readonly folder: DocumentFolder; readonly created: boolean } | { readonly kind: 'skipped'; readonly warning: DocumentsWarning };

/** A full listing of a record folder. */
export interface DocumentListing {
  readonly kind: 'listing';
  readonly items: readonly DocumentItem[];
}

/** The changes below a record folder since a cursor, and the cursor to ask from next time. */
export interface DocumentChanges {
  readonly kind: 'changes';
  readonly changed: readonly DocumentItem[];
  /** Ids of items deleted since the cursor. */
  readonly deletedIds: readonly string[];
  readonly cursor: string;
}

/**
 * The cursor can no longer be used (the backend's 410 `resyncRequired`): `items` is a full listing to
 * replace the local set with (local files not in it were deleted), and `cursor` starts afresh.
 */
export interface ResyncRequired {
  readonly kind: 'resync-required';
  readonly items: readonly DocumentItem[];
  readonly cursor: string;
  readonly reason: string;
}

/** A resumable upload under way: where it goes and how large it is. Persist it to resume after a cut. */
export interface DocumentUpload {
  /** The backend's session URL (opaque; pre-authenticated for Graph). */
  readonly sessionUrl: string;
  readonly fileName: string;
  readonly size: number;
}

/** A byte stream of a file, with the range it covers. */
export interface DocumentContent {
  readonly size: number;
  readonly range: { readonly start: number; readonly end: number };
  readonly body: AsyncIterable<Uint8Array>;
}

/**
 * The documents half of a backend (SharePoint / OneDrive through Microsoft Graph, later Google Drive
 * or Box): one folder per CRM record, listed, followed by a change cursor, read in ranges and written
 * in resumable chunks. `describeDocumentsConformance` (connector-testkit) is the target a backend passes.
 */
export interface DocumentsConnector {
  /** Finds or creates the record's folder; a `skipped` outcome means document sync does not apply (a warning, not a failure). */
  ensureRecordFolder(record: DocumentRecord): Promise<EnsureFolderOutcome>;
  /** Every file and folder below the record's folder. */
  listFolder(record: DocumentRecord): Promise<DocumentListing>;
  /** The changes below the record's folder since `cursor` (undefined: everything, as changes), or a {@link ResyncRequired}. */
  changes(record: DocumentRecord, cursor: string | undefined): Promise<DocumentChanges | ResyncRequired>;
  /** Reads a file, or the `range` of it (a resumed download); throws `RangeNotSatisfiableError` beyond its end. */
  read(record: DocumentRecord, itemId: string, range?: ByteRange): Promise<DocumentContent>;
  /** Opens a resumable upload of `fileName` (`size` bytes) into the record's folder; an existing file is replaced. */
  startUpload(record: DocumentRecord, fileName: string, size: number): Promise<DocumentUpload>;
  /** The offset the backend expects next (after a cut, resume the source from there). */
  uploadOffset(upload: DocumentUpload): Promise<number>;
  /**
   * Sends the bytes of `source`, which starts at `fromOffset`, in chunks the backend accepts (Graph:
   * multiples of 320 KiB), and answers the stored file. A cut connection throws `TransientError`; the
   * session stays, to resume with {@link uploadOffset}.
   */
  uploadFrom(upload: DocumentUpload, source: AsyncIterable<Uint8Array>, fromOffset: number): Promise<DocumentItem>;
  /** Deletes a file or folder of the record by id (already gone is fine). */
  delete(record: DocumentRecord, itemId: string): Promise<void>;
}
