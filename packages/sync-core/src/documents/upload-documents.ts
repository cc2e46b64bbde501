import type { CrmConnector } from '@fieldsync/connector-api';
import { FieldsyncError } from '@fieldsync/model';
import type { BlobStorage } from '../attachments/blob-storage';
import type { SyncReporter } from '../engine/sync-reporter';
import { throwIfCancelled } from '../errors/sync-core-errors';
import type { LocalExecutor } from '../local-store/local-db';
import { SYSTEM_TABLES } from '../local-store/system-tables';
import { documentBlobKey, writeDocumentRow } from './document-store';
import { deleteDocumentUpload, noteDocumentUploadFailure, readDocumentUploads } from './document-upload-store';

/** What {@link uploadDocuments} sent. */
export interface SentDocuments {
  readonly files: number;
  readonly bytes: number;
  /** Still waiting: their record has an unsent change, or the attempt failed (a warning). */
  readonly waiting: number;
}

/**
 * Sends the documents put on the device (`engine.documents.put`) whose record is on the server: one
 * waits while its record has an unsent change (its create goes first, and its id may change then).
 * Each goes with the idempotency key stored before its first attempt, read in chunks from the device's
 * copy, so a lost answer is answered from the bridge's session the next time and never makes a second
 * file. A sent file becomes a `downloaded` row of the document table with the server's item (ids and
 * tags), so the listing that follows finds it unchanged and fetches nothing. A failure is a warning;
 * the upload stays for the next sync. Progress: step `documents`, files and bytes.
 */
export async function uploadDocuments(input: {
  readonly db: LocalExecutor;
  readonly connector: CrmConnector;
  readonly storage: BlobStorage;
  readonly reporter: SyncReporter;
  readonly now: () => string;
  readonly signal?: AbortSignal;
}): Promise<SentDocuments> {
  const rows = await readDocumentUploads(input.db);
  const write = input.connector.writeDocument?.bind(input.connector);
  if (rows.length === 0) return { files: 0, bytes: 0, waiting: 0 };
  const totalBytes = rows.reduce((sum, row) => sum + Number(row.size), 0);
  let files = 0;
  let bytes = 0;
  let waiting = 0;
  for (const row of rows) {
    throwIfCancelled(input.signal);
    const unsent = await input.db
      .selectFrom(SYSTEM_TABLES.change)
      .select('seq')
      .where('entity', '=', row.entity)
      .where('record_id', '=', row.record_id)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (unsent) {
      waiting += 1;
      continue;
    }
    try {
      if (!write) throw new FieldsyncError('UNSUPPORTED_CAPABILITY', 'the backend takes no record documents', { capability: 'documents' });
      let sent = 0;
      const storage = input.storage;
      const reporter = input.reporter;
      async function* counted(): AsyncIterable<Uint8Array> {
        for await (const chunk of storage.read(row.location)) {
          sent += chunk.byteLength;
          reporter.progress({ step: 'documents', done: files, total: rows.length, bytes: bytes + sent, totalBytes });
          yield chunk;
        }
      }
      const item = await write(
        { entity: row.entity, id: row.record_id },
        { fileName: row.file_name, size: Number(row.size), body: counted(), idempotencyKey: row.upload_key },
      );
      // The device's copy becomes the document: moved (streamed) to the document's own key, so that the
      // document step finds and removes it as any downloaded one; the row has the server's ids and tags.
      const key = documentBlobKey({ entity: row.entity, record_id: row.record_id, item_id: item.id });
      const writer = await storage.open(key.entity, key.id, false);
      try {
        for await (const chunk of storage.read(row.location)) await writer.write(chunk);
      } catch (error) {
        await writer.discard();
        throw error;
      }
      const location = (await writer.commit()).location ?? row.location;
      await writeDocumentRow(input.db, {
        entity: row.entity,
        record_id: row.record_id,
        item_id: item.id,
        name: item.name,
        path: item.path,
        size: item.size,
        etag: item.eTag,
        ctag: item.cTag ?? item.eTag,
        mime_type: item.mimeType ?? null,
        last_modified: item.lastModified,
        status: 'downloaded',
        reason: null,
        location,
        hash: row.hash,
        scope: null,
        updated_at: input.now(),
      });
      await deleteDocumentUpload(input.db, row.upload_key);
      await storage.remove(`documents.${row.entity}`, `${row.record_id}.upload-${row.upload_key}`);
      files += 1;
      bytes += Number(row.size);
      input.reporter.progress({ step: 'documents', done: files, total: rows.length, bytes, totalBytes });
    } catch (error) {
      waiting += 1;
      const message = error instanceof Error ? error.message : String(error);
      await noteDocumentUploadFailure(input.db, row.upload_key, message);
      input.reporter.warn({
        code: FieldsyncError.is(error) ? error.code : 'DOCUMENT_UPLOAD_FAILED',
        message: `${row.entity} '${row.record_id}' ${row.file_name}: ${message}`,
        entity: row.entity,
        recordId: row.record_id,
      });
    }
  }
  return { files, bytes, waiting };
}
