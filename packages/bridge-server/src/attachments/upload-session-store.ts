import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AttachmentTooLargeError } from '@fieldsync/connector-api';
import { FieldsyncError } from '@fieldsync/model';

/** What a device declares when it starts an upload. */
export interface UploadRequest {
  readonly userId: string;
  readonly entity: string;
  readonly id: string;
  readonly fileName: string;
  readonly mimeType: string;
  /** The whole file's size when the device knows it. */
  readonly size?: number;
  readonly idempotencyKey: string;
  /** The largest file this upload may be, bytes (fixed when it is created). */
  readonly limit: number;
  /** What the committed file becomes: a record's attachment body, or a file of its document folder. @default 'attachment' */
  readonly kind?: 'attachment' | 'document';
}

/** What a committed upload stored: its size and version, and for a document the item of the record folder. */
export interface UploadResult {
  readonly size: number;
  readonly version: string;
  /** The document's item (`DocumentListEntry` of the document routes), for a document upload. */
  readonly item?: Readonly<Record<string, unknown>>;
}

/** One upload session as kept on disk (`<uploadId>.json`; its bytes in `<uploadId>.part`). */
export interface UploadSession extends UploadRequest {
  readonly uploadId: string;
  /** When it was created, ms since epoch on the bridge's clock. */
  readonly createdAt: number;
  /** What the commit stored, once the file was committed. */
  readonly result?: UploadResult;
}

/** An upload session id that does not exist (never created, swept, or another user's). */
export class UploadNotFoundError extends FieldsyncError {
  constructor(uploadId: string) {
    super('UPLOAD_NOT_FOUND', `upload ${uploadId} does not exist (it was never created, was cleaned up after it was abandoned, or is not yours)`, {
      uploadId,
    });
  }
}

/** A chunk that does not start where the upload stands; `offset` is where the next chunk must start. */
export class UploadOffsetMismatchError extends FieldsyncError {
  constructor(uploadId: string, start: number, offset: number) {
    super('UPLOAD_OFFSET_MISMATCH', `upload ${uploadId}: the chunk starts at ${start}, but the next expected byte is ${offset}`, { uploadId, start, offset });
  }
}

/** Another request is writing to (or committing) the same upload right now. */
export class UploadBusyError extends FieldsyncError {
  constructor(uploadId: string) {
    super('UPLOAD_BUSY', `upload ${uploadId} is being written by another request; ask its offset and resume`, { uploadId });
  }
}

/** The same idempotency key was used before for a different file. */
export class IdempotencyKeyReusedError extends FieldsyncError {
  constructor(idempotencyKey: string, what: string) {
    super('IDEMPOTENCY_KEY_REUSED', `idempotency key ${idempotencyKey} was used for another upload (${what} differs)`, { idempotencyKey });
  }
}

/** How long a lock may be held before another request may take it (a worker that died holding it). */
const STALE_LOCK_MS = 5 * 60_000;

/**
 * Upload sessions on disk, in one directory every bridge worker shares: each session is a JSON file
 * and the bytes received so far a `.part` file beside it, whose length is the session's offset. The
 * session id is derived from the user and the idempotency key, so a repeated create (a lost answer)
 * finds the same session, on any worker. A write holds `<uploadId>.lock` (created exclusively).
 */
export class UploadSessionStore {
  readonly #directory: string;
  readonly #now: () => number;

  constructor(directory: string, now: () => number) {
    this.#directory = directory;
    this.#now = now;
  }

  /** Creates the session of `request`, or answers the one its idempotency key made before. */
  async create(request: UploadRequest): Promise<UploadSession> {
    await mkdir(this.#directory, { recursive: true });
    const uploadId = createHash('sha256').update(`${request.userId}\0${request.idempotencyKey}`).digest('hex').slice(0, 32);
    const existing = await this.#read(uploadId);
    if (existing) {
      for (const key of ['entity', 'id', 'fileName', 'mimeType'] as const)
        if (existing[key] !== request[key]) throw new IdempotencyKeyReusedError(request.idempotencyKey, key);
      if ((existing.kind ?? 'attachment') !== (request.kind ?? 'attachment')) throw new IdempotencyKeyReusedError(request.idempotencyKey, 'kind');
      return existing;
    }
    const session: UploadSession = { ...request, uploadId, createdAt: this.#now() };
    await writeFile(this.#file(uploadId, 'part'), new Uint8Array(0), { flag: 'a' });
    await this.#save(session);
    return session;
  }

  /** The session `uploadId` of `userId`; throws {@link UploadNotFoundError}. */
  async get(uploadId: string, userId: string): Promise<UploadSession> {
    const found = /^[0-9a-f]{32}$/.test(uploadId) ? await this.#read(uploadId) : undefined;
    if (!found || found.userId !== userId) throw new UploadNotFoundError(uploadId);
    return found;
  }

  /** Bytes received so far (the next expected offset); the full size once committed. */
  async offset(session: UploadSession): Promise<number> {
    if (session.result) return session.result.size;
    try {
      return (await stat(this.#file(session.uploadId, 'part'))).size;
    } catch {
      return 0;
    }
  }

  /** Appends `body` (bytes `start`..) under the session's lock; answers the new offset. Partial bodies stay: the offset says how far they got. */
  async append(session: UploadSession, start: number, body: Readable, limit: number): Promise<number> {
    return this.#locked(session.uploadId, async () => {
      const offset = await this.offset(session);
      if (start !== offset) throw new UploadOffsetMismatchError(session.uploadId, start, offset);
      const out = createWriteStream(this.#file(session.uploadId, 'part'), { flags: 'a' });
      let written = offset;
      body.on('data', (chunk: Buffer) => {
        written += chunk.length;
        if (written > limit) body.destroy(new AttachmentTooLargeError(session.id, written, limit));
      });
      await pipeline(body, out);
      return this.offset(session);
    });
  }

  /** Runs `commit` with the assembled body once (under the lock), and keeps its result. */
  async commit(session: UploadSession, commit: (body: Readable) => Promise<UploadResult>): Promise<UploadSession> {
    return this.#locked(session.uploadId, async () => {
      const current = (await this.#read(session.uploadId)) ?? session;
      if (current.result) return current;
      const result = await commit(createReadStream(this.#file(session.uploadId, 'part')));
      const done: UploadSession = { ...current, result: { size: result.size, version: result.version, ...(result.item ? { item: result.item } : {}) } };
      await this.#save(done);
      await rm(this.#file(session.uploadId, 'part'), { force: true });
      return done;
    });
  }

  /** Removes a session and its bytes. */
  async remove(uploadId: string): Promise<void> {
    await Promise.all(['json', 'part', 'lock'].map((ext) => rm(this.#file(uploadId, ext), { force: true })));
  }

  /** Removes every session created more than `maxAgeMs` ago on the bridge's clock (abandoned or long committed); answers how many. */
  async sweep(maxAgeMs: number): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.#directory);
    } catch {
      return 0;
    }
    const cutoff = this.#now() - maxAgeMs;
    let removed = 0;
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const uploadId = name.slice(0, -'.json'.length);
      const session = await this.#read(uploadId);
      if (session && session.createdAt < cutoff) {
        await this.remove(uploadId);
        removed++;
      }
    }
    return removed;
  }

  async #locked<T>(uploadId: string, work: () => Promise<T>): Promise<T> {
    const lock = this.#file(uploadId, 'lock');
    try {
      await (await open(lock, 'wx')).close();
    } catch {
      const taken = Number(await readFile(lock, 'utf8').catch(() => 'NaN'));
      if (!(this.#now() - taken > STALE_LOCK_MS)) throw new UploadBusyError(uploadId);
    }
    await writeFile(lock, String(this.#now()));
    try {
      return await work();
    } finally {
      await rm(lock, { force: true });
    }
  }

  async #read(uploadId: string): Promise<UploadSession | undefined> {
    try {
      return JSON.parse(await readFile(this.#file(uploadId, 'json'), 'utf8')) as UploadSession;
    } catch {
      return undefined;
    }
  }

  /** Written to a temporary file, then renamed: a reader on another worker never sees half of it. */
  async #save(session: UploadSession): Promise<void> {
    const temporary = this.#file(`${session.uploadId}.${randomUUID()}`, 'tmp');
    await writeFile(temporary, JSON.stringify(session));
    await rename(temporary, this.#file(session.uploadId, 'json'));
  }

  #file(uploadId: string, ext: string): string {
    return path.join(this.#directory, `${uploadId}.${ext}`);
  }
}
