import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import type { BlobStorage, BlobWriter } from '../attachments/blob-storage';
import { noBytes } from '../attachments/memory-blob-writer';

const safe = (part: string) => part.replace(/[^A-Za-z0-9._-]/g, '_');

/** A Node error's `code` (`EEXIST`, `ENOENT`), if it has one. */
const codeOf = (error: unknown): unknown => (error as NodeJS.ErrnoException | undefined)?.code;

/**
 * Keeps bodies as files under `<dir>/Blob/<entity>/<id>`. A download writes `<id>.part`, fsyncs it and
 * renames it when complete (atomic); a `.part` left by an interrupted attempt is resumed from its
 * length. `clear` (a wipe) removes the whole `Blob/` folder. Per body, a fresh download costs one
 * `open` (an exclusive create, which also tells that no `.part` was left) besides the writes, the
 * fsync and the rename: each entity's folder is made once per storage (again when it went missing).
 * Bodies are hashed with `node:crypto`'s sha256.
 */
export function createFileBlobStorage(dir: string): BlobStorage {
  const fileOf = (entity: string, id: string) => path.join(dir, 'Blob', safe(entity), safe(id));
  // The folders this storage made (or found): no mkdir per body.
  const folders = new Set<string>();
  const inFolder = async <T>(file: string, work: () => Promise<T>): Promise<T> => {
    const folder = path.dirname(file);
    if (!folders.has(folder)) {
      await mkdir(folder, { recursive: true });
      folders.add(folder);
    }
    try {
      return await work();
    } catch (error) {
      // Removed behind this storage's back (by another process's wipe): made again, tried once more.
      if (codeOf(error) !== 'ENOENT') throw error;
      folders.delete(folder);
      await mkdir(folder, { recursive: true });
      folders.add(folder);
      return work();
    }
  };
  /** Opens `<id>.part` for writing: created fresh, or (`resume`) appended to when one was left, with its length. */
  const openPart = async (part: string, resume: boolean): Promise<{ readonly handle: FileHandle; readonly kept: number }> => {
    if (!resume) return { handle: await open(part, 'w'), kept: 0 };
    try {
      return { handle: await open(part, 'wx'), kept: 0 };
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw error;
    }
    const handle = await open(part, 'a');
    try {
      return { handle, kept: (await handle.stat()).size };
    } catch (error) {
      await handle.close();
      throw error;
    }
  };
  return {
    async open(entity, id, resume): Promise<BlobWriter> {
      const final = fileOf(entity, id);
      const part = `${final}.part`;
      const { handle, kept } = await inFolder(part, () => openPart(part, resume));
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
          // fdatasync: the bytes and the length, not the times (what SQLite does for its own files).
          await handle.datasync();
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
      folders.clear();
      await rm(path.join(dir, 'Blob'), { recursive: true, force: true });
    },
    sha256() {
      const hash = createHash('sha256');
      return {
        update: (chunk) => void hash.update(chunk),
        hex: () => hash.digest('hex'),
      };
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
