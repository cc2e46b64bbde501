import type { SyncPhase } from '../run/sync-phase';
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
 * Entity images (`entityimage_timestamp`) go through the same queue (decision 181).
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
    if (bodyEntities(local).length === 0 && imageEntities(local).length === 0) return state;
    const storage = customization.settings.UseDatabaseBlobStore ? undefined : options.storage;
    // A background step of the previous sync finishes first: the queue is read once it has.
    await attachmentRunner.idle(ctx.local);
    await ctx.measure(
      'attachments',
      () => queueAttachments({ db: ctx.db, local, customization, justSent: sent, ...(storage ? { storage } : {}), now: ctx.now }),
      (queued) => queued.queued,
    );
    const step = () =>
      runAttachmentStep({
        db: ctx.db,
        connector: ctx.connector,
        ...(storage ? { storage } : {}),
        reporter: ctx.reporter,
        now: ctx.now,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        ...(options.parallel !== undefined ? { parallel: options.parallel } : {}),
        ...(options.largeFileBytes !== undefined ? { largeFileBytes: options.largeFileBytes } : {}),
      });
    if (customization.settings.AsyncAttachmentsDownload) {
      void attachmentRunner.start(ctx.local, step).catch(() => undefined);
      return state;
    }
    const figures = await ctx.measure(
      'attachments',
      () => attachmentRunner.start(ctx.local, step),
      (value) => value.files,
    );
    ctx.reporter.log(`attachments files:${figures.files} bytes:${figures.bytes} failed:${figures.failed}`);
    return state;
  },
};
