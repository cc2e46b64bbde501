/**
 * The state of one record document on the device: `queued` (the next document step downloads it),
 * `downloaded`, `on-demand` / `refused` (the BlobStoreFilter left it on the server, `reason` says why),
 * `failed` (its last download failed; the next sync tries again).
 */
export type DocumentStatus = 'queued' | 'downloaded' | 'on-demand' | 'refused' | 'failed';

/** One document as `engine.documents` lists it. */
export interface DocumentEntry {
  readonly entity: string;
  readonly recordId: string;
  /** The backend's item id. */
  readonly itemId: string;
  readonly name: string;
  /** Relative to the record folder, `drafts/offer.docx`. */
  readonly path: string;
  readonly size: number;
  readonly eTag: string;
  readonly mimeType?: string;
  /** ISO 8601, as the backend says. */
  readonly lastModified: string;
  readonly status: DocumentStatus;
  readonly reason?: string;
  /** The file holding it, once downloaded. */
  readonly location?: string;
  /** sha256 of the content, hex, once downloaded. */
  readonly hash?: string;
}
