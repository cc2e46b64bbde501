import type { AttachmentKind } from '@fieldsync/connector-api';

/**
 * The state of one body on the device:
 * - `queued`: the filter let it in; the attachment step downloads it;
 * - `downloaded`: on the device (a file or in the database), with its hash;
 * - `on-demand` / `refused`: the filter left it on the server (`reason` says why); `download()` fetches it;
 * - `failed`: its last download failed (`reason`); the next sync tries again;
 * - `upload`: created on the device, sent after its record.
 */
export type AttachmentStatus = 'queued' | 'downloaded' | 'on-demand' | 'refused' | 'failed' | 'upload';

/** One body as `engine.attachments` lists it. */
export interface AttachmentEntry {
  readonly entity: string;
  readonly id: string;
  /** `attachment`: the record's body; `image`: the record's entity image (`entityimage`). */
  readonly kind: AttachmentKind;
  readonly status: AttachmentStatus;
  /** Why it is not downloaded (the filter's message, or the error of the last attempt). */
  readonly reason?: string;
  /** The entity of the record it is attached to, when known. */
  readonly attachedTo?: string;
  readonly fileName: string;
  readonly mimeType: string;
  /** Size in bytes, as the server (or the device, for an upload) gives it. */
  readonly size: number;
  /** The record's version the body belongs to. */
  readonly version?: string;
  /** The file holding the body, when it is kept in files. */
  readonly path?: string;
  /** True when the body is kept in the device database (`UseDatabaseBlobStore`). */
  readonly inDatabase: boolean;
  /** sha256 of the body, hex, once it is on the device. */
  readonly hash?: string;
}
