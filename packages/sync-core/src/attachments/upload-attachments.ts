import type { CrmConnector } from '@fieldsync/connector-api';
import { FieldsyncError } from '@fieldsync/model';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';
import type { SyncReporter } from '../engine/sync-reporter';
import type { LocalExecutor } from '../local-store/local-db';
import { SYSTEM_TABLES } from '../local-store/system-tables';
import { ATTACHMENT_DEFAULTS, type AttachmentOptions } from './attachment-options';
import { AttachmentsNotSupportedError, InvalidAttachmentPutError } from './attachment-errors';
import { readAttachmentBody, readAttachmentRows, updateAttachmentRow } from './attachment-store';

/**
 * Sends the bodies created on the device (`attachments.put`) whose record is on the server: a body
 * waits while its record has an unsent change (its create goes first, and the record's id may change
 * then). Each goes with the idempotency key stored before its first attempt, so an attempt whose answer
 * was lost is answered from the server's record the next time and never makes a second file. A body
 * given by path streams from disk in chunks. A failure is a warning; the body stays for the next sync.
 * Answers the keys (`entity/id`) of the bodies sent.
 */
export async function uploadAttachments(input: {
  readonly db: LocalExecutor;
  readonly connector: CrmConnector;
  readonly options: AttachmentOptions;
  readonly reporter: SyncReporter;
  readonly now: () => string;
}): Promise<Set<string>> {
  const rows = await readAttachmentRows(input.db, { status: 'upload' });
  const sent = new Set<string>();
  for (const row of rows) {
    const unsent = await input.db
      .selectFrom(SYSTEM_TABLES.change)
      .select('seq')
      .where('entity', '=', row.entity)
      .where('record_id', '=', row.record_id)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (unsent) continue;
    try {
      if (!input.connector.writeAttachment) throw new AttachmentsNotSupportedError('writeAttachment');
      const hash = sha256.create();
      const chunks = bodyChunks(input, row.entity, row.record_id, row.upload_source);
      async function* hashed(): AsyncIterable<Uint8Array> {
        for await (const chunk of chunks) {
          hash.update(chunk);
          yield chunk;
        }
      }
      const answer = await input.connector.writeAttachment(
        { entity: row.entity, id: row.record_id },
        { fileName: row.file_name, mimeType: row.mime_type, body: hashed(), idempotencyKey: row.upload_key ?? `${row.entity}/${row.record_id}` },
      );
      await updateAttachmentRow(input.db, row.entity, row.record_id, {
        status: 'downloaded',
        reason: null,
        size: answer.size,
        version: answer.version,
        hash: bytesToHex(hash.digest()),
        location: row.upload_source,
        upload_key: null,
        updated_at: input.now(),
      });
      sent.add(`${row.entity}/${row.record_id}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await updateAttachmentRow(input.db, row.entity, row.record_id, { reason: message, updated_at: input.now() });
      input.reporter.warn({
        code: FieldsyncError.is(error) ? error.code : 'ATTACHMENT_UPLOAD_FAILED',
        message: `${row.entity} '${row.record_id}': ${message}`,
        entity: row.entity,
        recordId: row.record_id,
      });
    }
  }
  return sent;
}

async function* bodyChunks(
  input: { readonly db: LocalExecutor; readonly options: AttachmentOptions },
  entity: string,
  id: string,
  path: string | null,
): AsyncIterable<Uint8Array> {
  if (path === null) {
    const body = await readAttachmentBody(input.db, entity, id);
    if (body) yield body;
    return;
  }
  const read = input.options.readPath;
  if (!read) throw new InvalidAttachmentPutError(entity, id, `a body given by path needs the engine option attachments.readPath`);
  yield* read(path, input.options.uploadChunkBytes ?? ATTACHMENT_DEFAULTS.uploadChunkBytes);
}
