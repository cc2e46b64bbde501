import type { CrmConnector } from '@fieldsync/connector-api';
import type { AppSettings, Clock } from '@fieldsync/model';
import type { LocalDb } from '../local-store/local-db';
import type { LocalSchema } from '../local-store/local-schema';
import type { SyncPointHook } from './sync-point';
import type { SyncReporter } from './sync-reporter';

/** What every step of a sync works with: the device database, the backend, the device's schema and settings. */
export interface SyncStepContext {
  readonly db: LocalDb;
  readonly connector: CrmConnector;
  readonly local: LocalSchema;
  readonly settings: AppSettings;
  readonly clock: Clock;
  readonly reporter: SyncReporter;
  /** Cancels the sync between pages and batches (`SyncOptions.signal`). */
  readonly signal?: AbortSignal;
  /** The test hook told of each named point the step reaches (`testHooks.onSyncPoint`). */
  readonly onSyncPoint?: SyncPointHook;
}
