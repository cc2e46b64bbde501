import type { SyncProgress } from '../engine/sync-reporter';
import type { LocalDatabase } from '../local-database/local-database';

const running = new WeakMap<LocalDatabase, Promise<unknown>>();
const progressOf = new WeakMap<LocalDatabase, SyncProgress>();

/**
 * The attachment step of a device running in the background (`AsyncAttachmentsDownload`): one at a
 * time per device database, so a sync's step (or an on-request download) waits for the one before.
 */
export const attachmentRunner = {
  /** Runs `work` after the device's background step (if any) and records it as the running one. */
  start<T>(local: LocalDatabase, work: () => Promise<T>): Promise<T> {
    const before = running.get(local) ?? Promise.resolve();
    const next = before.then(work, work);
    const tracked = next.catch(() => undefined);
    running.set(local, tracked);
    void tracked.then(() => {
      if (running.get(local) !== tracked) return;
      running.delete(local);
      progressOf.delete(local);
    });
    return next;
  },
  /** Keeps the latest progress of the device's background step, for {@link attachmentRunner.progress}. */
  noteProgress(local: LocalDatabase, progress: SyncProgress): void {
    if (running.has(local)) progressOf.set(local, progress);
  },
  /** The latest progress of the device's background step while it runs. */
  progress(local: LocalDatabase): SyncProgress | undefined {
    return running.has(local) ? progressOf.get(local) : undefined;
  },
  /** True while a background step of the device runs. */
  busy(local: LocalDatabase): boolean {
    return running.has(local);
  },
  /** Resolves when the device's background step (if any) has ended. */
  async idle(local: LocalDatabase): Promise<void> {
    await (running.get(local) ?? Promise.resolve());
  },
};
