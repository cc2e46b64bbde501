import type { SyncStepContext } from '../engine/sync-step-context';

/** Change-log rows the upload reads at once, unless the engine is told otherwise. */
export const DEFAULT_CHANGE_LOG_PAGE_SIZE = 1_000;

/** What the upload step works with. */
export interface UploadContext extends SyncStepContext {
  /** Change-log rows read at once. @default 1000 */
  readonly changeLogPageSize?: number;
}

/** The upload step's figures. */
export interface UploadFigures {
  /** Operations the server applied. */
  uploaded: number;
  /** Conflicts met (each resolved by its policy or kept for the user). */
  conflicts: number;
  /** Operations refused or failed. */
  errors: number;
  /** Operations sent again after a lost answer or a resolved conflict. */
  retries: number;
  /** Write batches sent. */
  batches: number;
}
