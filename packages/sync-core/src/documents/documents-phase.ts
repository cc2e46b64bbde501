import type { SyncPhase } from '../run/sync-phase';
import { preparedDevice } from '../run/sync-run-state';
import { attachmentRunner } from '../attachments/attachment-runner';
import { withFileKind } from '../attachments/sync-file-figures';
import type { SyncRunState } from '../run/sync-run-state';
import { countWaitingDocuments } from './count-waiting-documents';
import { documentEntities, queueDocuments } from './queue-documents';
import { readDocumentRows } from './document-store';
import { runDocumentStep } from './run-document-step';
import { uploadDocuments } from './upload-documents';

/**
 * The document step (`FileDownloadQueue`), after the attachments: the record folders of entities with
 * a document backend are listed through the connector, the BlobStoreFilter decides each file, the
 * queue is downloaded up to `documents.parallel` at once, and the documents of records that left the
 * device are removed (decision 180). Skipped for a staged download, without file storage (documents are
 * never kept in the database), and for a connector that serves no documents; a device that has
 * document rows but no longer any document entity still has them cleaned up. The step's files go to
 * the sync's files (`state.files.documents`, and the totals) on a device with document entities or rows.
 */
export const documentsPhase: SyncPhase = {
  name: 'documents',
  async run(ctx, state) {
    if (state.stagedUpdate) return state;
    const { local, customization } = preparedDevice(state);
    const storage = ctx.connection.attachments?.storage;
    if (!storage || !ctx.connector.listDocuments || !ctx.connector.readDocument) return state;
    // The attachment step of this sync may run in the background on the same storage: documents wait for it.
    await attachmentRunner.idle(ctx.local);
    // Documents put on the device go up first (their records went up in the upload step), so the listing finds them.
    const sent = await uploadDocuments({
      db: ctx.db,
      connector: ctx.connector,
      storage,
      reporter: ctx.reporter,
      now: ctx.now,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    if (sent.files > 0 || sent.waiting > 0) ctx.reporter.log(`documents uploaded:${sent.files} bytes:${sent.bytes} waiting:${sent.waiting}`);
    const queued = await ctx.measure(
      'documents',
      () =>
        queueDocuments({
          db: ctx.db,
          local,
          customization,
          connector: ctx.connector,
          reporter: ctx.reporter,
          storage,
          now: ctx.now,
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        }),
      (value) => value.queued,
    );
    // The documents of this sync in its files (count, bytes, refused, queued): only on a device that has any.
    const withFiles = async (count: number, bytes: number): Promise<SyncRunState> => {
      if (documentEntities(local).length === 0 && count + sent.files + sent.waiting === 0 && (await readDocumentRows(ctx.db)).length === 0) return state;
      const waitingFiles = await countWaitingDocuments(ctx.db);
      return {
        ...state,
        files: withFileKind(state.files, 'documents', {
          count: count + sent.files,
          bytes: bytes + sent.bytes,
          refused: waitingFiles.refused,
          queued: waitingFiles.queued + sent.waiting,
        }),
      };
    };
    // Files queued by an earlier sync that was cut count too: the queue resumes at the next sync.
    const waiting = (await readDocumentRows(ctx.db, { status: 'queued' })).length + (await readDocumentRows(ctx.db, { status: 'failed' })).length;
    if (waiting === 0) {
      if (queued.removed > 0 || queued.skipped > 0) ctx.reporter.log(`documents removed:${queued.removed} skipped:${queued.skipped}`);
      return withFiles(0, 0);
    }
    const parallel = ctx.connection.documents?.parallel;
    const figures = await runDocumentStep({
      db: ctx.db,
      connector: ctx.connector,
      storage,
      reporter: ctx.reporter,
      now: ctx.now,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      ...(parallel !== undefined ? { parallel } : {}),
    });
    ctx.reporter.log(
      `documents files:${figures.files} bytes:${figures.bytes} failed:${figures.failed} refused:${queued.refused + queued.onDemand} removed:${queued.removed} skipped:${queued.skipped}`,
    );
    return withFiles(figures.files, figures.bytes);
  },
};
