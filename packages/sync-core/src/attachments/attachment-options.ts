import type { BlobStorage } from './blob-storage';

/** How the engine downloads and keeps attachment bodies (`SyncConnectionOptions.attachments`); read once. */
export interface AttachmentOptions {
  /**
   * Where bodies are kept. On Node, `createFileBlobStorage(filesDirBeside(databaseFile))` from
   * `@fieldsync/sync-core/node`. Absent, or with the `UseDatabaseBlobStore` setting: in the device database.
   */
  readonly storage?: BlobStorage;
  /** Small bodies downloaded at once. @default 10 */
  readonly parallel?: number;
  /** A body of this many bytes or more is large: downloaded alone, after the small ones. @default 4 MiB */
  readonly largeFileBytes?: number;
  /** Bytes read at a time when a device-created body is streamed from its file. @default 256 KiB */
  readonly uploadChunkBytes?: number;
  /**
   * Reads a device-created body given by path, chunk by chunk (on Node, `readFileChunks` from
   * `@fieldsync/sync-core/node`); needed by `attachments.put` with a `path`.
   */
  readonly readPath?: (path: string, chunkBytes: number) => AsyncIterable<Uint8Array>;
}

/** The defaults of {@link AttachmentOptions}. */
export const ATTACHMENT_DEFAULTS = { parallel: 10, largeFileBytes: 4 * 1024 * 1024, uploadChunkBytes: 256 * 1024 } as const;
