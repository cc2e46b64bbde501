/** Where one body is written while it downloads; nothing is visible until {@link BlobWriter.commit}. */
export interface BlobWriter {
  /** Bytes already kept from an interrupted attempt (0 for a fresh write): the download resumes there. */
  readonly resumeAt: number;
  /** The bytes kept from the interrupted attempt, to hash them again. */
  kept(): AsyncIterable<Uint8Array>;
  write(chunk: Uint8Array): Promise<void>;
  /** Makes the body visible atomically (rename); returns where it is, or undefined when it is in the database. */
  commit(): Promise<{ readonly location?: string; readonly body?: Uint8Array }>;
  /** Stops writing and keeps the bytes written for a resume. */
  close(): Promise<void>;
  /** Stops writing and forgets the bytes written. */
  discard(): Promise<void>;
}

/** A sha256 fed chunk by chunk, as a body streams in. */
export interface IncrementalSha256 {
  update(chunk: Uint8Array): void;
  /** The digest, lower-case hex; called once, at the end. */
  hex(): string;
}

/**
 * Storage of bodies on the device, by entity and record id. On Node, `createFileBlobStorage` (from
 * `@fieldsync/sync-core/node`) keeps them as files under `<dir>/Blob/<entity>/<id>`; without one the
 * engine keeps them in the device database (as with `UseDatabaseBlobStore`).
 */
export interface BlobStorage {
  /** Opens a writer for a body; `resume` keeps the bytes of an interrupted attempt. */
  open(entity: string, id: string, resume: boolean): Promise<BlobWriter>;
  /** Streams a body written earlier. */
  read(location: string): AsyncIterable<Uint8Array>;
  /** Removes a body and any partial write of it (no error when there is none). */
  remove(entity: string, id: string): Promise<void>;
  /** Removes every body and partial write (a wipe of the device calls it). */
  clear?(): Promise<void>;
  /**
   * The platform's own sha256, to hash the bodies written here as they stream in (on Node, `node:crypto`,
   * about ten times the portable one's rate); absent, the engine hashes with `@noble/hashes`.
   */
  sha256?(): IncrementalSha256;
}
