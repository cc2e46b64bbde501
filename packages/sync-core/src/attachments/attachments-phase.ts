import type { SyncReporter } from '../engine/sync-reporter';
import type { SyncPhase } from '../run/sync-phase';
import type { SyncRunState } from '../run/sync-run-state';
import { readAttachmentRows } from './attachment-store';
import { countWaitingFiles, withFileKind } from './sync-file-figures';
import { preparedDevice } from '../run/sync-run-state';
import { attachmentRunner } from './attachment-runner';
import { bodyEntities } from './body-entities';
import { imageEntities } from './image-entities';
import { queueAttachments } from './queue-attachments';
import { runAttachmentStep } from './run-attachment-step';
import { uploadAttachments } from './upload-attachments';

/**
 * The attachment step, after the data and its cleanup: the BlobStoreFilter decides every body whose
 * record is on the device (queued, on demand or refused; bodies of records that left are removed),
 * then the queue is downloaded. With `AsyncAttachmentsDownload` the download runs in the background:
 * the sync reports done first, and `engine.attachments.idle()` / the progress events show the step.
 * Entity images (`entityimage_timestamp`) go through the same queue (decision 181). The step's files
 * (count, bytes, refused, queued) go to the sync log and the tracking record (`state.files.attachments`, and the totals).
 * Skipped for a staged download (the live tables did not change) and for a backend without attachments.
 */
export const attachmentsPhase: SyncPhase = {
  name: 'attachments',
  async run(ctx, state) {
    if (state.stagedUpdate) return state;
    const { local, customization } = preparedDevice(state);
    if (!ctx.connector.capabilities.attachments || !ctx.connector.readAttachment) return state;
    const options = ctx.connection.attachments ?? {};
    // Bodies created on the device, whose records went up in the upload step.
    const sent = await uploadAttachments({ db: ctx.db, connector: ctx.connector, options, reporter: ctx.reporter, now: ctx.now });
    if (sent.size > 0) ctx.reporter.log(`attachments uploaded:${sent.size}`);
    const sentBytes = (await readAttachmentRows(ctx.db))
      .filter((row) => sent.has(`${row.entity}/${row.record_id}`))
      .reduce((sum, row) => sum + Number(row.size), 0);
    const withFiles = async (count: number, bytes: number): Promise<SyncRunState> => {
      const files = withFileKind(state.files, 'attachments', { count: sent.size + count, bytes: sentBytes + bytes, ...(await countWaitingFiles(ctx.db)) });
      return { ...state, files };
    };
    if (bodyEntities(local).length === 0 && imageEntities(local).length === 0) return sent.size > 0 ? withFiles(0, 0) : state;
    const storage = customization.settings.UseDatabaseBlobStore ? undefined : options.storage;
    // A background step of the previous sync finishes first: the queue is read once it has.
    await attachmentRunner.idle(ctx.local);
    await ctx.measure(
      'attachments',
      () => queueAttachments({ db: ctx.db, local, customization, justSent: sent, ...(storage ? { storage } : {}), now: ctx.now }),
      (queued) => queued.queued,
    );
    const step = (reporter: SyncReporter) => () =>
      runAttachmentStep({
        db: ctx.db,
        connector: ctx.connector,
        ...(storage ? { storage } : {}),
        reporter,
        now: ctx.now,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        ...(options.parallel !== undefined ? { parallel: options.parallel } : {}),
        ...(options.largeFileBytes !== undefined ? { largeFileBytes: options.largeFileBytes } : {}),
      });
    if (customization.settings.AsyncAttachmentsDownload) {
      // Its progress also goes to the runner, so that `engine.status()` shows the step while it runs.
      const background: SyncReporter = {
        ...ctx.reporter,
        progress: (progress) => {
          attachmentRunner.noteProgress(ctx.local, progress);
          ctx.reporter.progress(progress);
        },
      };
      void attachmentRunner.start(ctx.local, step(background)).catch(() => undefined);
      return withFiles(0, 0);
    }
    const figures = await ctx.measure(
      'attachments',
      () => attachmentRunner.start(ctx.local, step(ctx.reporter)),
      (value) => value.files,
    );
    ctx.reporter.log(`attachments files:${figures.files} bytes:${figures.bytes} failed:${figures.failed}`);
    return withFiles(figures.files, figures.bytes);
  },
};
