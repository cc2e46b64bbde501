import type { AttachmentKind, CrmConnector } from '@fieldsync/connector-api';
import { throwIfCancelled } from '../errors/sync-core-errors';
import type { LocalExecutor } from '../local-store/local-db';
import { AttachmentsNotSupportedError } from './attachment-errors';
import { updateAttachmentRow } from './attachment-store';
import type { BlobStorage } from './blob-storage';
import { downloadIntoWriter } from './download-into-writer';
import { memoryBlobWriter } from './memory-blob-writer';

/** What {@link fetchAttachment} needs. */
export interface FetchAttachmentInput {
  readonly db: LocalExecutor;
  readonly connector: CrmConnector;
  /** File storage; absent: the body goes into the database. */
  readonly storage?: BlobStorage;
  readonly entity: string;
  readonly id: string;
  /** @default 'attachment' */
  readonly kind?: AttachmentKind;
  readonly now: () => string;
  readonly signal?: AbortSignal;
  /** Told of the bytes received so far (including those resumed from disk) and the whole size. */
  readonly onBytes?: (bytes: number, size: number) => void;
}

/**
 * Downloads one body into storage and marks its row `downloaded` with its sha256. A file write left by
 * an interrupted attempt is resumed with a byte range from its length; the file appears only complete
 * (temp file, then rename). A failure keeps what was written for the next attempt and rethrows
 * (see {@link downloadIntoWriter}).
 */
export async function fetchAttachment(input: FetchAttachmentInput): Promise<{ readonly size: number; readonly hash: string }> {
  const { connector, entity, id } = input;
  const read = connector.readAttachment?.bind(connector);
  if (!read) throw new AttachmentsNotSupportedError('readAttachment');
  throwIfCancelled(input.signal);
  const writer = input.storage ? await input.storage.open(entity, id, true) : memoryBlobWriter();
  const ref = { entity, id, ...(input.kind === 'image' ? { kind: 'image' as const } : {}) };
  let fileName = id;
  let mimeType = 'application/octet-stream';
  const result = await downloadIntoWriter({
    writer,
    ranges: connector.capabilities.attachmentRanges === true,
    entity,
    id,
    ...(input.signal ? { signal: input.signal } : {}),
    ...(input.onBytes ? { onBytes: input.onBytes } : {}),
    ...(input.storage?.sha256 ? { sha256: input.storage.sha256.bind(input.storage) } : {}),
    open: async (from) => {
      const content = await read(ref, from > 0 ? { start: from } : undefined);
      fileName = content.fileName;
      mimeType = content.mimeType;
      return content;
    },
  });
  // The kept bytes could not be resumed (no ranges, or the body changed): start again.
  if (result.kind === 'restart') return fetchAttachmentFresh(input);
  await updateAttachmentRow(input.db, entity, id, {
    status: 'downloaded',
    reason: null,
    size: result.size,
    hash: result.hash,
    location: result.location ?? null,
    body: result.body ?? null,
    file_name: fileName,
    mime_type: mimeType,
    updated_at: input.now(),
  });
  return { size: result.size, hash: result.hash };
}

async function fetchAttachmentFresh(input: FetchAttachmentInput): Promise<{ readonly size: number; readonly hash: string }> {
  if (input.storage) await input.storage.remove(input.entity, input.id);
  return fetchAttachment(input);
}
