import type { CrmConnector } from '@fieldsync/connector-api';
import type { AppSettings, Clock } from '@fieldsync/model';
import type { LocalDb } from '../local-store/local-db';
import type { LocalSchema } from '../local-store/local-schema';
import type { SyncReporter } from '../engine/sync-reporter';

/** What the upload step works with. */
export interface UploadContext {
  readonly db: LocalDb;
  readonly connector: CrmConnector;
  readonly local: LocalSchema;
  readonly settings: AppSettings;
  readonly clock: Clock;
  readonly reporter: SyncReporter;
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
