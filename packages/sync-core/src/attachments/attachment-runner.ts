import type { LocalDatabase } from '../local-database/local-database';

const running = new WeakMap<LocalDatabase, Promise<unknown>>();

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
      if (running.get(local) === tracked) running.delete(local);
    });
    return next;
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
