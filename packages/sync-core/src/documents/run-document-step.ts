import type { CrmConnector } from '@fieldsync/connector-api';
import { FieldsyncError } from '@fieldsync/model';
import type { BlobStorage } from '../attachments/blob-storage';
import { FileStepTally } from '../attachments/file-step-tally';
import { runDownloadPool } from '../attachments/run-download-pool';
import type { SyncReporter } from '../engine/sync-reporter';
import { throwIfCancelled } from '../errors/sync-core-errors';
import type { LocalExecutor } from '../local-store/local-db';
import { DOCUMENT_DEFAULTS } from './document-options';
import { readDocumentRows, updateDocumentRow, type DocumentRow } from './document-store';
import { fetchDocument } from './fetch-document';

/** What one document step did. */
export interface DocumentStepFigures {
  readonly files: number;
  readonly bytes: number;
  readonly failed: number;
}

/**
 * Downloads the document queue (`queued` and `failed` rows), up to `parallel` at once. Each file is
 * written atomically and marked on its own, so a kill loses at most the files in flight (their `.part`
 * files resume at the next sync). A failure marks the row `failed` with a warning; a cancellation
 * stops taking new files and leaves them queued. Progress: step `documents`, files and bytes.
 */
export async function runDocumentStep(input: {
  readonly db: LocalExecutor;
  readonly connector: CrmConnector;
  readonly storage: BlobStorage;
  readonly reporter: SyncReporter;
  readonly now: () => string;
  readonly signal?: AbortSignal;
  readonly parallel?: number;
}): Promise<DocumentStepFigures> {
  const rows = [...(await readDocumentRows(input.db, { status: 'queued' })), ...(await readDocumentRows(input.db, { status: 'failed' }))];
  const tally = new FileStepTally(
    'documents',
    rows.length,
    rows.reduce((sum, row) => sum + Number(row.size), 0),
    input.reporter,
  );
  tally.report();
  const one = (row: DocumentRow) =>
    tally.track(
      `${row.entity}/${row.record_id}/${row.item_id}`,
      (onBytes) =>
        fetchDocument({
          db: input.db,
          connector: input.connector,
          storage: input.storage,
          row,
          now: input.now,
          ...(input.signal ? { signal: input.signal } : {}),
          onBytes,
        }),
      async (error) => {
        const message = error instanceof Error ? error.message : String(error);
        await updateDocumentRow(input.db, row, { status: 'failed', reason: message, updated_at: input.now() });
        input.reporter.warn({
          code: FieldsyncError.is(error) ? error.code : 'DOCUMENT_FAILED',
          message: `${row.entity} '${row.record_id}' ${row.path}: ${message}`,
          entity: row.entity,
          recordId: row.record_id,
        });
      },
      input.signal,
    );
  await runDownloadPool(rows, input.parallel ?? DOCUMENT_DEFAULTS.parallel, one, input.signal);
  throwIfCancelled(input.signal);
  return { files: tally.files, bytes: tally.bytes, failed: tally.failed };
}
