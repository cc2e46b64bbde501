import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';
import type { AttachmentKind, CrmConnector } from '@fieldsync/connector-api';
import { FieldsyncError } from '@fieldsync/model';
import { throwIfCancelled } from '../errors/sync-core-errors';
import type { LocalExecutor } from '../local-store/local-db';
import { AttachmentSizeMismatchError, AttachmentsNotSupportedError } from './attachment-errors';
import { updateAttachmentRow } from './attachment-store';
import type { BlobStorage } from './blob-storage';
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
 * (temp file, then rename). A failure keeps what was written for the next attempt and rethrows.
 */
export async function fetchAttachment(input: FetchAttachmentInput): Promise<{ readonly size: number; readonly hash: string }> {
  const { connector, entity, id } = input;
  if (!connector.readAttachment) throw new AttachmentsNotSupportedError('readAttachment');
  throwIfCancelled(input.signal);
  const writer = input.storage ? await input.storage.open(entity, id, true) : memoryBlobWriter();
  const hash = sha256.create();
  let received = 0;
  try {
    if (writer.resumeAt > 0) {
      for await (const chunk of writer.kept()) {
        hash.update(chunk);
        received += chunk.byteLength;
      }
    }
    const resuming = received > 0 && connector.capabilities.attachmentRanges === true;
    if (received > 0 && !resuming) {
      // The backend cannot send a range: start again.
      await writer.discard();
      return fetchAttachmentFresh(input);
    }
    const ref = { entity, id, ...(input.kind === 'image' ? { kind: 'image' as const } : {}) };
    let content;
    try {
      content = await connector.readAttachment(ref, resuming ? { start: received } : undefined);
    } catch (error) {
      // The kept bytes reach past the body on the server now (it changed): start again.
      if (!resuming || !FieldsyncError.is(error, 'RANGE_NOT_SATISFIABLE')) throw error;
      await writer.discard();
      return fetchAttachmentFresh(input);
    }
    input.onBytes?.(received, content.size);
    for await (const chunk of content.body) {
      throwIfCancelled(input.signal);
      hash.update(chunk);
      await writer.write(chunk);
      received += chunk.byteLength;
      input.onBytes?.(received, content.size);
    }
    if (received !== content.size) throw new AttachmentSizeMismatchError(entity, id, content.size, received);
    const stored = await writer.commit();
    const hex = bytesToHex(hash.digest());
    await updateAttachmentRow(input.db, entity, id, {
      status: 'downloaded',
      reason: null,
      size: received,
      hash: hex,
      location: stored.location ?? null,
      body: stored.body ?? null,
      file_name: content.fileName,
      mime_type: content.mimeType,
      updated_at: input.now(),
    });
    return { size: received, hash: hex };
  } catch (error) {
    if (error instanceof AttachmentSizeMismatchError && received > error.expected) await writer.discard();
    else await writer.close();
    throw error;
  }
}

async function fetchAttachmentFresh(input: FetchAttachmentInput): Promise<{ readonly size: number; readonly hash: string }> {
  if (input.storage) await input.storage.remove(input.entity, input.id);
  return fetchAttachment(input);
}
