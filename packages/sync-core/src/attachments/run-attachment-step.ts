import type { CrmConnector } from '@fieldsync/connector-api';
import { FieldsyncError } from '@fieldsync/model';
import type { SyncReporter } from '../engine/sync-reporter';
import { throwIfCancelled } from '../errors/sync-core-errors';
import type { LocalExecutor } from '../local-store/local-db';
import { ATTACHMENT_DEFAULTS } from './attachment-options';
import { readAttachmentRows, updateAttachmentRow, type AttachmentRow } from './attachment-store';
import type { BlobStorage } from './blob-storage';
import { fetchAttachment } from './fetch-attachment';
import { FileStepTally } from './file-step-tally';
import { runDownloadPool } from './run-download-pool';

/** What one attachment step did. */
export interface AttachmentStepFigures {
  readonly files: number;
  readonly bytes: number;
  readonly failed: number;
  /** Queued bodies left for the next sync (cancelled). */
  readonly left: number;
}

/** What {@link runAttachmentStep} needs. */
export interface AttachmentStepInput {
  readonly db: LocalExecutor;
  readonly connector: CrmConnector;
  readonly storage?: BlobStorage;
  readonly reporter: SyncReporter;
  readonly now: () => string;
  readonly signal?: AbortSignal;
  readonly parallel?: number;
  readonly largeFileBytes?: number;
}

/**
 * Downloads the queue: small bodies up to `parallel` at once, then the large ones one at a time. Each
 * body is written atomically and marked `downloaded` on its own, so a kill loses at most the bodies in
 * flight (their partial files are resumed next time). A body that fails is marked `failed` with the
 * error and tried again at the next sync; a cancellation stops taking new ones and leaves them queued.
 * Progress: step `attachments`, `done`/`total` in files and `bytes`/`totalBytes`.
 */
export async function runAttachmentStep(input: AttachmentStepInput): Promise<AttachmentStepFigures> {
  const parallel = Math.max(1, input.parallel ?? ATTACHMENT_DEFAULTS.parallel);
  const large = input.largeFileBytes ?? ATTACHMENT_DEFAULTS.largeFileBytes;
  const rows = [...(await readAttachmentRows(input.db, { status: 'queued' })), ...(await readAttachmentRows(input.db, { status: 'failed' }))];
  const small = rows.filter((row) => Number(row.size) < large);
  const big = rows.filter((row) => Number(row.size) >= large);
  const total = rows.length;
  const tally = new FileStepTally(
    'attachments',
    total,
    rows.reduce((sum, row) => sum + Number(row.size), 0),
    input.reporter,
  );
  tally.report();
  const one = (row: AttachmentRow) =>
    tally.track(
      `${row.entity}/${row.record_id}`,
      (onBytes) =>
        fetchAttachment({
          db: input.db,
          connector: input.connector,
          ...(input.storage ? { storage: input.storage } : {}),
          entity: row.entity,
          id: row.record_id,
          kind: row.kind,
          now: input.now,
          ...(input.signal ? { signal: input.signal } : {}),
          onBytes,
        }),
      async (error) => {
        const message = error instanceof Error ? error.message : String(error);
        await updateAttachmentRow(input.db, row.entity, row.record_id, { status: 'failed', reason: message, updated_at: input.now() });
        input.reporter.warn({
          code: FieldsyncError.is(error) ? error.code : 'ATTACHMENT_FAILED',
          message: `${row.entity} '${row.record_id}': ${message}`,
          entity: row.entity,
          recordId: row.record_id,
        });
      },
      input.signal,
    );
  await runDownloadPool(small, parallel, one, input.signal);
  await runDownloadPool(big, 1, one, input.signal);
  // Stopped between files: the rest stays queued for the next sync.
  throwIfCancelled(input.signal);
  return { files: tally.files, bytes: tally.bytes, failed: tally.failed, left: total - tally.files - tally.failed };
}
