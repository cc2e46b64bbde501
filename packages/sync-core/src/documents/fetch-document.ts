import type { CrmConnector } from '@fieldsync/connector-api';
import { FieldsyncError } from '@fieldsync/model';
import type { BlobStorage } from '../attachments/blob-storage';
import { downloadIntoWriter } from '../attachments/download-into-writer';
import { throwIfCancelled } from '../errors/sync-core-errors';
import type { LocalExecutor } from '../local-store/local-db';
import { documentBlobKey, updateDocumentRow, type DocumentRow } from './document-store';

/** What {@link fetchDocument} needs. */
export interface FetchDocumentInput {
  readonly db: LocalExecutor;
  readonly connector: CrmConnector;
  readonly storage: BlobStorage;
  readonly row: DocumentRow;
  readonly now: () => string;
  readonly signal?: AbortSignal;
  /** Told of the bytes received so far (including those resumed from disk) and the whole size. */
  readonly onBytes?: (bytes: number, size: number) => void;
}

/**
 * Downloads one record document into storage (`Blob/documents.<entity>/<record id>.<item id>`) and
 * marks its row `downloaded` with its sha256: written to a `.part` file, renamed when complete, and a
 * `.part` left by an interrupted attempt resumed with a byte range (the attachment step's
 * {@link downloadIntoWriter}). A failure keeps what was written for the next attempt and rethrows.
 */
export async function fetchDocument(input: FetchDocumentInput): Promise<{ readonly size: number; readonly hash: string }> {
  const { connector, row, storage } = input;
  const read = connector.readDocument?.bind(connector);
  if (!read) throw new FieldsyncError('UNSUPPORTED_CAPABILITY', 'the backend serves no record documents', { capability: 'documents' });
  throwIfCancelled(input.signal);
  const blob = documentBlobKey(row);
  const record = { entity: row.entity, id: row.record_id };
  for (let attempt = 0; ; attempt += 1) {
    const writer = await storage.open(blob.entity, blob.id, true);
    const result = await downloadIntoWriter({
      writer,
      ranges: true,
      entity: row.entity,
      id: `${row.record_id}/${row.item_id}`,
      ...(input.signal ? { signal: input.signal } : {}),
      ...(input.onBytes ? { onBytes: input.onBytes } : {}),
      ...(storage.sha256 ? { sha256: storage.sha256.bind(storage) } : {}),
      open: (from) => read(record, row.item_id, from > 0 ? { start: from } : undefined),
    });
    if (result.kind === 'restart') {
      // The kept bytes lie past the file's end (it changed): start again, once.
      if (attempt > 0) throw new FieldsyncError('DOCUMENT_CHANGED', `${row.entity} '${row.record_id}': ${row.name} changed while it downloaded`, {});
      await storage.remove(blob.entity, blob.id);
      continue;
    }
    await updateDocumentRow(input.db, row, {
      status: 'downloaded',
      reason: null,
      size: result.size,
      hash: result.hash,
      location: result.location ?? null,
      updated_at: input.now(),
    });
    return { size: result.size, hash: result.hash };
  }
}
