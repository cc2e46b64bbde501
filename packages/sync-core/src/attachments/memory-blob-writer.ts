import type { BlobWriter } from './blob-storage';

/**
 * A writer that keeps the body in memory for the device database (`UseDatabaseBlobStore`, or no file
 * storage): no resume, the body is written to the attachment row on commit.
 */
export function memoryBlobWriter(): BlobWriter {
  const chunks: Uint8Array[] = [];
  let size = 0;
  return {
    resumeAt: 0,
    // Nothing is kept between attempts: a database body is downloaded whole.
    kept: () => noBytes(),
    async write(chunk) {
      chunks.push(chunk);
      size += chunk.byteLength;
    },
    async commit() {
      const body = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        body.set(chunk, offset);
        offset += chunk.byteLength;
      }
      return { body };
    },
    close: () => Promise.resolve(),
    discard: () => Promise.resolve(),
  };
}

/** An empty stream. */
export async function* noBytes(): AsyncIterable<Uint8Array> {
  yield* [];
}
