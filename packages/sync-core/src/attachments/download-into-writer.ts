import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';
import { FieldsyncError } from '@fieldsync/model';
import { throwIfCancelled } from '../errors/sync-core-errors';
import { AttachmentSizeMismatchError } from './attachment-errors';
import type { BlobWriter, IncrementalSha256 } from './blob-storage';

/** A body as a backend answers a read: its whole size and the bytes from the offset asked for. */
export interface OpenedBody {
  readonly size: number;
  readonly body: AsyncIterable<Uint8Array>;
}

/** What {@link downloadIntoWriter} needs. */
export interface DownloadIntoWriterInput {
  readonly writer: BlobWriter;
  /** Reads the body from `from` (0: the whole body; more: a byte range, only when `ranges`). */
  readonly open: (from: number) => Promise<OpenedBody>;
  /** The backend honours byte ranges: kept bytes are resumed, else the body starts again. */
  readonly ranges: boolean;
  /** Names the body in a size mismatch (`entity`, `id`). */
  readonly entity: string;
  readonly id: string;
  readonly signal?: AbortSignal;
  /** Told of the bytes received so far (including those resumed) and the whole size. */
  readonly onBytes?: (bytes: number, size: number) => void;
  /** The sha256 to hash with (the storage's `sha256`); absent, {@link portableSha256}. */
  readonly sha256?: () => IncrementalSha256;
}

/** The engine's own sha256 (`@noble/hashes`, plain JavaScript): runs wherever the engine runs. */
export function portableSha256(): IncrementalSha256 {
  const hash = sha256.create();
  return {
    update: (chunk) => void hash.update(chunk),
    hex: () => bytesToHex(hash.digest()),
  };
}

/** A body written and committed, with its sha256; or `restart` when the kept bytes cannot be resumed. */
export type DownloadIntoWriterResult =
  | { readonly kind: 'stored'; readonly size: number; readonly hash: string; readonly location?: string; readonly body?: Uint8Array }
  | { readonly kind: 'restart' };

/**
 * Streams a body into a {@link BlobWriter}, hashing it: bytes kept from an interrupted attempt are
 * hashed again and resumed with a range; the writer commits (rename) only when every byte arrived.
 * Answers `restart` (the kept bytes discarded) when the backend cannot send a range or the range lies
 * past the body's end (it changed). A failure keeps what was written for the next attempt and rethrows.
 * Shared by attachments (decision 169) and documents (decision 180).
 */
export async function downloadIntoWriter(input: DownloadIntoWriterInput): Promise<DownloadIntoWriterResult> {
  const { writer } = input;
  const hash = (input.sha256 ?? portableSha256)();
  let received = 0;
  try {
    if (writer.resumeAt > 0) {
      for await (const chunk of writer.kept()) {
        hash.update(chunk);
        received += chunk.byteLength;
      }
    }
    const resuming = received > 0 && input.ranges;
    if (received > 0 && !resuming) {
      await writer.discard();
      return { kind: 'restart' };
    }
    let content: OpenedBody;
    try {
      content = await input.open(resuming ? received : 0);
    } catch (error) {
      if (!resuming || !FieldsyncError.is(error, 'RANGE_NOT_SATISFIABLE')) throw error;
      await writer.discard();
      return { kind: 'restart' };
    }
    input.onBytes?.(received, content.size);
    for await (const chunk of content.body) {
      throwIfCancelled(input.signal);
      hash.update(chunk);
      await writer.write(chunk);
      received += chunk.byteLength;
      input.onBytes?.(received, content.size);
    }
    if (received !== content.size) throw new AttachmentSizeMismatchError(input.entity, input.id, content.size, received);
    const stored = await writer.commit();
    return { kind: 'stored', size: received, hash: hash.hex(), ...stored };
  } catch (error) {
    if (error instanceof AttachmentSizeMismatchError && received > error.expected) await writer.discard();
    else await writer.close();
    throw error;
  }
}
