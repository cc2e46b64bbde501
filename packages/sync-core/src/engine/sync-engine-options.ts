import type { CrmConnector } from '@fieldsync/connector-api';
import type { Clock, Customization } from '@fieldsync/model';
import type { LocalDb } from '../local-store/local-db';
import type { SyncProgress, SyncWarning } from './sync-reporter';

/** How {@link openSyncEngine} sets the engine up; read once. */
export interface SyncEngineOptions {
  /** The device database: any Kysely over SQLite the app brings (on Node, `openDeviceDatabase`). */
  readonly db: LocalDb;
  /** The backend the device syncs with (the bridge, or a CRM directly). */
  readonly connector: CrmConnector;
  /**
   * What to synchronise. Absent: the one stored on the device by an earlier sync, else every entity
   * the server describes with default settings.
   */
  readonly customization?: Customization;
  /** @default the system clock */
  readonly clock?: Clock;
  /** Receives progress events of every sync. */
  readonly onProgress?: (progress: SyncProgress) => void;
  /** Receives warnings as they are raised. */
  readonly onWarning?: (warning: SyncWarning) => void;
}

/** Options of one {@link SyncEngine.sync}. */
export interface SyncOptions {
  /** Download everything again: `true` for every entity, or the entities named. Local changes are uploaded first. */
  readonly full?: boolean | readonly string[];
  /**
   * Download into staging tables while the app keeps reading the live ones, then swap every staged
   * entity in with one short transaction at the end (Veeva's non-blocking sync). @default false
   */
  readonly staged?: boolean;
}
