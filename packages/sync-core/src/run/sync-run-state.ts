import type { DeviceControlState, ForcedFullSync } from '@fieldsync/connector-api';
import { FieldsyncError, type Customization } from '@fieldsync/model';
import type { SyncFileFigures } from '../attachments/sync-file-figures';
import type { RemovedRecords } from '../cleanup/removed-records';
import type { DeviceControlCheck } from '../device-control/check-device-control';
import type { ForcedFullSyncRun } from '../device-control/device-control-store';
import type { AnalyzerDecision } from '../download/analyze-entity';
import type { EntityDownloadFigures } from '../download/download-context';
import type { CustomizationUpdateOutcome, SyncKind, SyncResult } from '../engine/sync-result';
import type { DeviceState } from '../local-database/device-state';
import type { StagedEntity } from '../staging/apply-staged';
import type { StagedUpdate } from '../staging/staged-update';
import type { StartPlan } from './fetch-sync-plan';
import type { OfferedUpdate } from './offered-update';
import type { PlannedServer } from './planned-server';
import type { ServerState } from './server-state';
import type { StepTimer } from './sync-run-context';

/** The counts of a sync's result. */
export interface SyncFigures {
  readonly uploaded: number;
  readonly downloaded: number;
  readonly deleted: number;
  readonly conflicts: number;
  readonly errors: number;
  readonly retries: number;
}

/**
 * How a sync ends before its last data phase; the run goes straight to the report phase.
 * - `upload-only`: a background sync sent its changes and leaves the rest for a foreground sync;
 * - `wiped`: the administrator wiped the device (or the bridge revoked it): the report phase erases it;
 * - `failed`: the sync stopped at `error` (`SYNC_CANCELLED` when cancelled); `uploadOnly` when its
 *   upload had run and nothing more was to be received (a lock, a forced full sync in the background).
 */
export type SyncEnding =
  | { readonly kind: 'upload-only' }
  | { readonly kind: 'wiped'; readonly control?: DeviceControlState }
  | { readonly kind: 'failed'; readonly error: unknown; readonly uploadOnly?: boolean };

/** A download whose step is still open: the apply phase makes it live and closes the step's figures. */
export interface OpenDownload {
  readonly figures: readonly EntityDownloadFigures[];
  readonly staged: readonly StagedEntity[];
  readonly step: StepTimer;
}

/**
 * The state of one sync between its phases: each phase takes it and returns the next one. Fields fill
 * in as the phases run; `ending` set means the run goes to the report phase, which sets `result`.
 */
export interface SyncRunState {
  /** The kind reported: the kind asked for, `full` once an administrator's forced full sync runs. */
  readonly kind: SyncKind;
  readonly figures: SyncFigures;
  /** The customization in use when the sync began (undefined on a new device). */
  readonly active?: Customization;
  /** The sync plan the channel answered at the start (a channel that offers one). */
  readonly plan?: StartPlan;
  /** Its CRM side in front of the connector (a channel that is the connector): WhoAmI, permissions, schema, counts. */
  readonly planned?: PlannedServer;
  /** The first device-control check (with a channel). */
  readonly check?: DeviceControlCheck;
  /** The administrator locked the device: it uploads and receives nothing. */
  readonly locked: boolean;
  /** The device saw its orders (with a channel): the sync start may be recorded for them. */
  readonly controlSeen: boolean;
  /** A forced full sync was due and did not begin: the last sync start stays, so it stays due. */
  readonly dueUnhandled: boolean;
  /** The forced full sync due now, if any. */
  readonly due?: ForcedFullSync;
  /** A customization the channel offered in this sync, not applied yet. */
  readonly offered?: OfferedUpdate;
  /** A customization offered in a staged (non-blocking) sync: held with the staged data for Apply Update. */
  readonly stagedOffer?: OfferedUpdate;
  /** What the server said about the user, when this sync fetched it for a customization. */
  readonly server?: ServerState;
  /** The device's schema, permissions, user and customization; set by the prepare phase. */
  readonly device?: DeviceState;
  /** Entities to download in full because their schema, filter or fields changed. */
  readonly needFull: ReadonlySet<string>;
  /** Entities to download in full because the app or the administrator asked. */
  readonly forced: ReadonlySet<string>;
  /** The administrator's forced full sync in progress (stored across syncs until it completes). */
  readonly forcedRun?: ForcedFullSyncRun;
  readonly customizationUpdate?: CustomizationUpdateOutcome;
  readonly forcedFullSync?: SyncResult['forcedFullSync'];
  /** The entities to download, parents first (readable, not upload-only). */
  readonly order: readonly string[];
  readonly decisions: readonly AnalyzerDecision[];
  /** Records the download removed, per entity, for the cleanup. */
  readonly removed: RemovedRecords;
  readonly download?: OpenDownload;
  /** A staged (non-blocking) download kept for Apply Update: the live tables did not change. */
  readonly stagedUpdate?: StagedUpdate;
  readonly entities: readonly EntityDownloadFigures[];
  /** The files of the attachments and documents phases (absent when neither ran). */
  readonly files?: SyncFileFigures;
  readonly ending?: SyncEnding;
  readonly result?: SyncResult;
}

/** The state a sync of `kind` starts from. */
export function initialSyncRunState(kind: SyncKind): SyncRunState {
  return {
    kind,
    figures: { uploaded: 0, downloaded: 0, deleted: 0, conflicts: 0, errors: 0, retries: 0 },
    locked: false,
    controlSeen: false,
    dueUnhandled: false,
    needFull: new Set(),
    forced: new Set(),
    order: [],
    decisions: [],
    removed: new Map(),
    entities: [],
  };
}

/** Ends the run with `ending`: the driver goes on with the report phase. */
export function endRun(state: SyncRunState, ending: SyncEnding): SyncRunState {
  return { ...state, ending };
}

/**
 * The ending an error thrown during a sync means: the bridge revoking the device (with a channel) is a
 * wipe, anything else a failure. The driver uses it for what a phase throws; a phase uses it to keep
 * the state it reached when a later part of it fails.
 */
export function endingOf(error: unknown, withChannel: boolean): SyncEnding {
  if (withChannel && FieldsyncError.is(error, 'DEVICE_REVOKED')) return { kind: 'wiped' };
  return { kind: 'failed', error };
}

/** The device state the prepare phase set; phases after it call this. */
export function preparedDevice(state: SyncRunState): DeviceState {
  if (!state.device) throw new Error('the prepare phase did not run');
  return state.device;
}
