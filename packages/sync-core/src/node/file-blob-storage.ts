import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { BlobStorage, BlobWriter } from '../attachments/blob-storage';
import { noBytes } from '../attachments/memory-blob-writer';

const safe = (part: string) => part.replace(/[^A-Za-z0-9._-]/g, '_');

/**
 * Keeps bodies as files under `<dir>/Blob/<entity>/<id>`. A download writes `<id>.part` and renames it
 * when complete (atomic); a `.part` left by an interrupted attempt is resumed from its length. `clear`
 * (a wipe) removes the whole `Blob/` folder.
 */
export function createFileBlobStorage(dir: string): BlobStorage {
  const fileOf = (entity: string, id: string) => path.join(dir, 'Blob', safe(entity), safe(id));
  return {
    async open(entity, id, resume): Promise<BlobWriter> {
      const final = fileOf(entity, id);
      const part = `${final}.part`;
      await mkdir(path.dirname(final), { recursive: true });
      const kept = resume
        ? await stat(part).then(
            (s) => s.size,
            () => 0,
          )
        : 0;
      const handle = await open(part, kept > 0 ? 'a' : 'w');
      let closed = false;
      const close = async () => {
        if (closed) return;
        closed = true;
        await handle.close();
      };
      return {
        resumeAt: kept,
        kept: () => (kept > 0 ? createReadStream(part, { start: 0, end: kept - 1 }) : noBytes()),
        async write(chunk) {
          let offset = 0;
          while (offset < chunk.byteLength) offset += (await handle.write(chunk, offset, chunk.byteLength - offset)).bytesWritten;
        },
        async commit() {
          await handle.sync();
          await close();
          await rename(part, final);
          return { location: final };
        },
        close,
        async discard() {
          await close();
          await rm(part, { force: true });
        },
      };
    },
    read: (location) => createReadStream(location),
    async remove(entity, id) {
      const final = fileOf(entity, id);
      await rm(final, { force: true });
      await rm(`${final}.part`, { force: true });
    },
    async clear() {
      await rm(path.join(dir, 'Blob'), { recursive: true, force: true });
    },
  };
}

/** The default files directory of a device database file: `<file>.files` beside it. */
export function filesDirBeside(databaseFile: string): string {
  return `${databaseFile}.files`;
}

/** Reads a file in chunks of `chunkBytes` (the engine option `attachments.readPath` on Node). */
export async function* readFileChunks(file: string, chunkBytes: number): AsyncIterable<Uint8Array> {
  yield* createReadStream(file, { highWaterMark: chunkBytes }) as AsyncIterable<Uint8Array>;
}
