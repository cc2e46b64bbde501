import type { StagedUpdateCounts } from '../staging/staged-update';
import type { SyncProgress } from './sync-reporter';
import type { SyncState } from './sync-state';

/** One synchronised entity's state on the device. */
export interface EntityStatus {
  readonly entity: string;
  readonly records: number;
  readonly pendingChanges: number;
  readonly lastSyncDate?: string;
  readonly lastFullSyncStart?: string;
  /** `never` before the first download, `partial` after an interrupted full one. */
  readonly state: 'complete' | 'partial' | 'never';
}

/** The device at a glance: what waits to go up, what waits for the user, when it last synced. */
export interface DeviceStatus {
  readonly initialized: boolean;
  readonly userId?: string;
  /** The signed-in user's name, as the server gave it at the last sync. */
  readonly userName?: string;
  readonly customizationVersion?: string;
  readonly pendingChanges: number;
  readonly syncErrors: number;
  readonly lastSync?: { readonly startedAt: string; readonly result: string };
  readonly entities: readonly EntityStatus[];
  /** `locked` while an administrator's lock holds (records cannot be read or changed); present once a channel set it. */
  readonly deviceState?: 'active' | 'locked';
  /** The server's revision number of the customization in use (with a device channel). */
  readonly customizationRevision?: number;
  /** The customization's settings may not be changed on the device (with a device channel). */
  readonly settingsReadOnly?: boolean;
  /** A customization update received and not applied yet. */
  readonly pendingCustomization?: PendingCustomizationStatus;
  /** "Current as of": when the sync whose download is live started (ISO); absent before the first. */
  readonly currentAsOf?: string;
  /** A non-blocking sync's download waiting for `applyUpdate()` ("updates available"). */
  readonly updates?: StagedUpdateStatus;
}

/** A staged update waiting for Apply Update, as the app shows it. */
export interface StagedUpdateStatus {
  /** When the staged download completed (ISO). */
  readonly receivedAt: string;
  readonly counts: StagedUpdateCounts;
  /** The update includes metadata: the customization (schema, settings, permissions) it applies with the data. */
  readonly metadata?: { readonly version: string; readonly revision: number };
}

/** The engine's status: the device's, with the one state the app's status widget shows. */
export interface SyncEngineStatus extends DeviceStatus {
  readonly state: SyncState;
  /**
   * The attachment step running in the background (`AsyncAttachmentsDownload`) after its sync ended:
   * its latest progress (`done`/`total` files, `bytes`/`totalBytes`). Absent when none runs.
   */
  readonly attachments?: { readonly running: true; readonly progress?: SyncProgress };
}

/** A waiting customization update as the app shows it ("Apply Update"). */
export interface PendingCustomizationStatus {
  readonly version: string;
  readonly revision: number;
  /** `background-sync`: a foreground sync or `applyPendingCustomization()` applies it; `uploads-failed`: resolve the sync errors first. */
  readonly reason: 'background-sync' | 'uploads-failed';
  readonly receivedAt: string;
}
