import type { SyncStepContext } from '../engine/sync-step-context';

/** What the upload step works with. */
export type UploadContext = SyncStepContext;

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
