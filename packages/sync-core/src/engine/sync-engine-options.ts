import type { CrmConnector, DeviceChannel } from '@fieldsync/connector-api';
import type { AttachmentOptions } from '../attachments/attachment-options';
import type { DocumentOptions } from '../documents/document-options';
import type { MigrationStep } from '../customization-update/migrate-local-schema';
import type { Customization } from '@fieldsync/model';
import type { LocalDatabaseOptions } from '../local-database/local-database-options';
import type { SyncPointHook } from './sync-point';
import type { SyncProgress, SyncWarning } from './sync-reporter';

/** What `LocalDatabase.connect` gives a sync: the backend, the device channel, and how to sync; read once. */
export interface SyncConnectionOptions {
  /** The backend the device syncs with (the bridge, or a CRM directly). */
  readonly connector: CrmConnector;
  /**
   * What to synchronise. Absent: the one stored on the device by an earlier sync, else every entity
   * the server describes with default settings. Not allowed with a `channel` (the channel gives it).
   */
  readonly customization?: Customization;
  /**
   * The device's side channel to a bridge: device control (lock, wipe, forced full sync), the
   * customization and its updates, sync tracking and log upload. Absent: the device is its own master.
   */
  readonly channel?: DeviceChannel;
  /** The app's version (semver), checked against a customization's `minAppVersion`. @default '1.0.0' */
  readonly appVersion?: string;
  /**
   * Hooks for crash tests: called at each stage of applying a customization update, inside its
   * transaction (a hook that throws or kills the process shows the update is all or nothing), and at
   * each named point of a sync.
   * @internal Not for apps.
   */
  readonly testHooks?: {
    readonly onCustomizationStep?: (step: MigrationStep) => void | Promise<void>;
    /** Called at every named point of a sync (steps, upload batches, download pages): crash tests kill the process at chosen ones. */
    readonly onSyncPoint?: SyncPointHook;
    /** Called inside Apply Update's transaction after each staged entity is swapped in: crash tests kill the process there. */
    readonly onApplyPoint?: (point: { readonly entity: string; readonly index: number }) => void | Promise<void>;
  };
  /**
   * Change-log rows the upload reads, plans and sends at a time (at least 1): the upload's memory stays
   * bounded by it whatever the number of unsent changes. @default 1000
   */
  readonly changeLogPageSize?: number;
  /** Where and how attachment bodies are downloaded and kept (the attachment step, `engine.attachments`). */
  readonly attachments?: AttachmentOptions;
  /** How record documents (SharePoint / OneDrive through the bridge) are downloaded; they are kept in `attachments.storage`. */
  readonly documents?: DocumentOptions;
  /** Receives progress events of every sync. */
  readonly onProgress?: (progress: SyncProgress) => void;
  /** Receives warnings as they are raised. */
  readonly onWarning?: (warning: SyncWarning) => void;
}

/** How {@link openSyncEngine} opens the local database and connects it in one call; read once. */
export interface SyncEngineOptions extends LocalDatabaseOptions, SyncConnectionOptions {}

/** Options of one {@link SyncEngine.sync}. */
export interface SyncOptions {
  /** Download everything again: `true` for every entity, or the entities named. Local changes are uploaded first. */
  readonly full?: boolean | readonly string[];
  /**
   * Download into staging tables while the app keeps reading the live ones (Veeva's non-blocking
   * sync): the sync ends with "updates available" and the live tables unchanged, and
   * `engine.applyUpdate()` swaps every staged entity in with one short transaction. A staged download
   * that changed nothing, or runs an administrator's forced full sync, is swapped in at its end. @default false
   */
  readonly staged?: boolean;
  /**
   * A sync the app started by itself (Resco's background sync): with a device channel it never applies
   * a customization update (it keeps it waiting and stops after the upload) and stops without changing
   * anything when the administrator forced a full sync (`MANUAL_SYNC_REQUIRED`). @default false
   */
  readonly background?: boolean;
  /**
   * Cancels the sync: it stops at the next boundary (a step, a download page, an upload batch) with
   * `SYNC_CANCELLED`, keeping every page and answer received so far; unsent changes stay queued and
   * the next sync goes on from there. The bridge's sync tracking records it as cancelled.
   */
  readonly signal?: AbortSignal;
  /**
   * Send the local changes and stop after the upload, downloading nothing (autosync: local changes go
   * up shortly after they are made). The sync ends `ok` with what it uploaded. @default false
   */
  readonly uploadOnly?: boolean;
  /** Receives this sync's progress events, besides the engine's `onProgress` (a scheduler's stall watchdog and status line). */
  readonly onProgress?: (progress: SyncProgress) => void;
}
