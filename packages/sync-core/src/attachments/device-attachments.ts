import type { Customization } from '@fieldsync/model';
import type { CrmConnector } from '@fieldsync/connector-api';
import type { AttachmentOptions } from './attachment-options';
import { randomUUID } from '../ids/random-uuid';
import type { LocalDatabase } from '../local-database/local-database';
import { readMeta } from '../local-store/device-meta';
import type { AttachmentEntry, AttachmentStatus } from './attachment-entry';
import { AttachmentNotFoundError, AttachmentsNotSupportedError, AttachmentTooLargeError, InvalidAttachmentPutError } from './attachment-errors';
import { attachmentRunner } from './attachment-runner';
import { entryOf, readAttachmentBody, readAttachmentRows, writeAttachmentRow } from './attachment-store';
import { fetchAttachment } from './fetch-attachment';

/** Options of {@link DeviceAttachments.download}. */
export interface AttachmentDownloadOptions {
  /** Told of the bytes received so far and the body's size. */
  readonly onProgress?: (progress: { readonly bytes: number; readonly size: number }) => void;
  /** Cancels the download (`SYNC_CANCELLED`); the bytes received are kept and the next attempt resumes. */
  readonly signal?: AbortSignal;
}

/** A body created on the device: its bytes, or a file read in chunks when it is sent. */
export interface AttachmentPut {
  readonly fileName: string;
  readonly mimeType: string;
  readonly body?: Uint8Array;
  readonly path?: string;
}

/**
 * The attachment bodies of the device (`engine.attachments`): their local state, a download on
 * request (bodies the filter left on demand or refused too), and bodies created on the device, sent
 * after their record by the next sync (decisions 169–171).
 */
export class DeviceAttachments {
  /** Use `engine.attachments`; without a connector (a device not connected) everything but `download` works. */
  constructor(
    private readonly local: LocalDatabase,
    private readonly connection: { readonly connector?: CrmConnector; readonly attachments?: AttachmentOptions },
  ) {}

  /** Every body known on the device, or those of one entity or status, in key order. */
  async list(where: { entity?: string; status?: AttachmentStatus } = {}): Promise<AttachmentEntry[]> {
    return (await readAttachmentRows(this.local.db, where)).map((row) => entryOf(row, row.location === null && row.status === 'downloaded'));
  }

  /** One body's local state, or undefined when the device knows none for the record. */
  async get(entity: string, id: string): Promise<AttachmentEntry | undefined> {
    const [row] = await readAttachmentRows(this.local.db, { entity, id });
    return row ? entryOf(row, row.location === null && (row.status === 'downloaded' || row.status === 'upload')) : undefined;
  }

  /** The bytes of a body kept in the device database (`UseDatabaseBlobStore`, or a device-created body given as bytes). */
  async bytes(entity: string, id: string): Promise<Uint8Array | undefined> {
    return readAttachmentBody(this.local.db, entity, id);
  }

  /**
   * Downloads one body now, whatever the filter decided (on demand, refused, queued or failed), with
   * progress and cancellation; a body already on the device is downloaded again. Throws
   * {@link AttachmentNotFoundError} when the device knows no body for the record and
   * {@link AttachmentTooLargeError} above the `MaxAttachmentSize` setting.
   */
  async download(entity: string, id: string, options: AttachmentDownloadOptions = {}): Promise<AttachmentEntry> {
    const connector = this.connection.connector;
    if (!connector) throw new AttachmentsNotSupportedError('download (the device is not connected)');
    const [row] = await readAttachmentRows(this.local.db, { entity, id });
    if (!row || row.status === 'upload') throw new AttachmentNotFoundError(entity, id);
    const customization = await readMeta<Customization>(this.local.db, 'customization');
    const limit = customization?.settings.MaxAttachmentSize ?? 0;
    if (limit > 0 && Number(row.size) > limit) throw new AttachmentTooLargeError(entity, id, Number(row.size), limit);
    const storage = customization?.settings.UseDatabaseBlobStore ? undefined : this.connection.attachments?.storage;
    // A body the background step may be writing is fetched once that step ended.
    if (row.status === 'queued' || row.status === 'failed') await attachmentRunner.idle(this.local);
    const now = () => new Date(this.local.clock.now()).toISOString();
    await fetchAttachment({
      db: this.local.db,
      connector,
      ...(storage ? { storage } : {}),
      entity,
      id,
      kind: row.kind,
      now,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onBytes: onBytesOf(options.onProgress) } : {}),
    });
    return this.#entry(entity, id);
  }

  /**
   * Keeps a body created on the device for a record (a photo, a signed PDF) and queues it: the next
   * sync sends it after the record's create (or update) is sent. Its idempotency key is stored now,
   * before any attempt, so a lost answer never makes two files. Give `body` (kept in the database) or
   * `path` (read in chunks when sent; needs the engine option `attachments.readPath`).
   */
  async put(entity: string, id: string, put: AttachmentPut): Promise<AttachmentEntry> {
    if ((put.body === undefined) === (put.path === undefined)) throw new InvalidAttachmentPutError(entity, id, 'give either body or path');
    if (put.path !== undefined && !this.connection.attachments?.readPath)
      throw new InvalidAttachmentPutError(entity, id, 'a body given by path needs the engine option attachments.readPath');
    const readPath = this.connection.attachments?.readPath;
    const size = put.body ? put.body.byteLength : put.path !== undefined && readPath ? await sizeOf(readPath, put.path) : 0;
    await writeAttachmentRow(this.local.db, {
      entity,
      record_id: id,
      status: 'upload',
      reason: null,
      attached_to: null,
      file_name: put.fileName,
      mime_type: put.mimeType,
      size,
      version: null,
      location: null,
      hash: null,
      scope: null,
      upload_key: randomUUID(),
      upload_source: put.path ?? null,
      updated_at: new Date(this.local.clock.now()).toISOString(),
      kind: 'attachment',
      body: put.body ?? null,
    });
    return this.#entry(entity, id);
  }

  /** Resolves when the attachment step running in the background (`AsyncAttachmentsDownload`) has ended. */
  async idle(): Promise<void> {
    await attachmentRunner.idle(this.local);
  }

  /** True while the attachment step runs in the background. */
  get busy(): boolean {
    return attachmentRunner.busy(this.local);
  }

  async #entry(entity: string, id: string): Promise<AttachmentEntry> {
    const entry = await this.get(entity, id);
    if (!entry) throw new AttachmentNotFoundError(entity, id);
    return entry;
  }
}

/** The size of a file read through `readPath`, chunk by chunk (never whole in memory). */
async function sizeOf(readPath: (path: string, chunkBytes: number) => AsyncIterable<Uint8Array>, path: string): Promise<number> {
  let size = 0;
  for await (const chunk of readPath(path, 1024 * 1024)) size += chunk.byteLength;
  return size;
}

function onBytesOf(onProgress: (progress: { readonly bytes: number; readonly size: number }) => void): (bytes: number, size: number) => void {
  return (bytes, size) => onProgress({ bytes, size });
}
