import type { CustomizationPartHashes } from '@fieldsync/model';
import type { SyncPlan, SyncPlanRequest } from './sync-plan';

/** What the admin has set for one device (Woodford's device control). */
export interface DeviceControlState {
  /** `locked`: local reads and writes are refused until unlocked. `wiped`: the device must erase itself. */
  readonly state: 'active' | 'locked' | 'wiped';
  /** The newest forced full sync the admin issued for this device, if any. */
  readonly forceFullSync?: ForcedFullSync;
  /** Commands issued and not yet reported done, oldest first (each also reflected in the fields above). */
  readonly pendingCommands: readonly DeviceCommand[];
}

/** An admin's order to download again in full. */
export interface ForcedFullSync {
  /** The command that carries it; acknowledged once the full sync ran. */
  readonly commandId: string;
  /** When the admin issued it (canonical UTC): runs when later than the device's last sync start. */
  readonly issuedAt: string;
  /** Only these entities; absent: every entity. */
  readonly entities?: readonly string[];
  /** Local changes not yet uploaded are dropped instead of refusing the full sync. */
  readonly discardLocalChanges: boolean;
}

/** The kinds of command an admin issues to a device. */
export type DeviceCommandKind = 'lock' | 'unlock' | 'wipe' | 'forceFullSync';

/** A command as the device sees it. */
export interface DeviceCommand {
  readonly id: string;
  readonly kind: DeviceCommandKind;
  /** pending → delivered (the device fetched it) → done (the device carried it out) or failed. */
  readonly status: 'pending' | 'delivered' | 'done' | 'failed';
  readonly issuedAt: string;
  readonly issuedBy: string;
  /** `forceFullSync`: the entities and whether to discard local changes. */
  readonly parameters?: { readonly entities?: readonly string[]; readonly discardLocalChanges?: boolean };
}

/** The customization the server assigns to the signed-in user, part by part. */
export interface CustomizationOffer {
  /** The content hash (`Customization.version`). */
  readonly version: string;
  /** The server's publication number, for the admin's eyes. */
  readonly revision: number;
  /** The oldest app version that understands it (semver); a device below it must refuse it. */
  readonly minAppVersion?: string;
  readonly partHashes: CustomizationPartHashes;
  /** Only the parts whose hash differs from the ones the device sent; the others are unchanged. */
  readonly parts: {
    readonly entities?: unknown;
    readonly settings?: unknown;
    readonly blobStoreFilter?: string | null;
  };
  /** Settings the user may not change on the device. */
  readonly settingsReadOnly: boolean;
}

/** One synchronization as the device reports it (the figures Veeva stamps on its sync tracking record). */
export interface SyncTrackingReport {
  /** The device's own id of this sync, unique per device: a repeated report is stored once. */
  readonly syncId: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationMs: number;
  /**
   * `full`, `incremental` or `upload-only`; `apply-update` stamps the device's Apply Update of a staged
   * (non-blocking) sync: `startedAt`/`endedAt` are the apply's, `downloaded` the changes it made live.
   */
  readonly type: 'full' | 'incremental' | 'upload-only' | 'apply-update';
  readonly success: boolean;
  readonly cancelled: boolean;
  readonly uploads: number;
  readonly uploadErrors: number;
  readonly retries: number;
  readonly downloaded: number;
  /** The sync's error message, when it failed. */
  readonly error?: string;
  /** The device's Refresh Mode when it synced (seed 000's Refresh_Mode_vod): admins see who uses non-blocking sync. */
  readonly refreshMode?: 'blocking' | 'non-blocking';
  /**
   * The files of the sync's attachment and document steps, when one ran: `count` / `bytes` downloaded
   * and uploaded, `refused` left on the server by the BlobStoreFilter (refused or on demand), `queued`
   * still waiting; the totals of both kinds, with each kind's own figures beside them.
   */
  readonly files?: SyncFilesReport;
}

/** The files of one kind in one sync (issue 13 §4): all counts are whole numbers, never negative. */
export interface SyncFileCounts {
  readonly count: number;
  readonly bytes: number;
  readonly refused: number;
  readonly queued: number;
}

/**
 * The files of one sync: the totals, and per kind the attachment bodies (with entity images) and the
 * record documents (SharePoint / OneDrive), each present when its step ran.
 */
export interface SyncFilesReport extends SyncFileCounts {
  readonly attachments?: SyncFileCounts;
  readonly documents?: SyncFileCounts;
}

/**
 * The device's side channel to a bridge, beside the CRM data: device control, the customization,
 * sync tracking and the sync log. A connector that talks to a bridge implements it; the sync engine
 * uses it when given one (`openSyncEngine({ channel })`), otherwise the device is its own master.
 *
 * One channel speaks for one device (the one its session is bound to). Every method but
 * `registerDevice` and `customization` throws `DEVICE_NOT_REGISTERED` until the device registered.
 * Once an admin wiped the device, every call throws `DeviceRevokedError` except the two that let it
 * learn its order and report it done (`deviceControl`, `completeCommand` of the wipe); when the
 * device's session had to be renewed, those throw it too. Bad input is refused with a `FieldsyncError`
 * of code `BAD_USER_INPUT` whose `details.field` names the input (`input.appVersion`, `id`...) and
 * `details.reason` says what is wrong (`INVALID_VERSION`, `NOT_FOUND`...); it changed nothing; retry: no.
 * Any call may also throw `TransientError` or `RateLimitedError` (retry later) and `AuthExpiredError`.
 * `describeDeviceChannelConformance` (`@fieldsync/connector-testkit`) checks all of this.
 */
export interface DeviceChannel {
  /**
   * Registers (or updates) this device: id, name, OS and app version. Idempotent; an update keeps the
   * device's state and commands. Throws `BAD_USER_INPUT` for a name or OS that is blank or over 200
   * characters (`INVALID_VALUE`) or an app version that is not an exact semantic version
   * (`INVALID_VERSION`), and `DEVICE_NOT_BOUND` for another `deviceId` than the channel's.
   */
  registerDevice(device: DeviceRegistration): Promise<void>;
  /**
   * The admin's current orders for this device; marks pending commands delivered. The open commands
   * come oldest first and stay until reported; `forceFullSync` is the newest open one. A wiped device
   * sees `state: 'wiped'` and its wipe command only.
   */
  deviceControl(): Promise<DeviceControlState>;
  /**
   * Reports a command carried out (or failed, with a message of at most 2,000 characters), delivered
   * or not. Throws `BAD_USER_INPUT` with reason `NOT_FOUND` (no such command for this device),
   * `COMMAND_NOT_OPEN` (already reported: not idempotent, the first report stands) or `TOO_LONG`.
   */
  completeCommand(commandId: string, outcome: { readonly ok: boolean; readonly message?: string }): Promise<void>;
  /**
   * The customization assigned to the user. With `known`, parts whose hash matches are left out; the
   * parts sent hash to `partHashes` and, with the device's own parts, to `version` (no blob store
   * filter travels as `null`). Throws `NoCustomizationError` when the user has none.
   */
  customization(known?: CustomizationPartHashes): Promise<CustomizationOffer>;
  /**
   * Stores one sync's tracking record, idempotent by `syncId` (a repeat stores nothing; the first
   * stands). Throws `BAD_USER_INPUT` for a malformed `syncId` (1 to 128 letters, digits, `.`, `_`, `:`,
   * `-`; `INVALID_VALUE`), a negative figure (`NEGATIVE`) or a time that is not one (`INVALID_DATE`).
   */
  reportSync(report: SyncTrackingReport): Promise<void>;
  /**
   * Uploads the device's sync log text for the sync `syncId`; each upload is stored (several per sync
   * may be). Throws `BAD_USER_INPUT` for a malformed `syncId` (`INVALID_VALUE`) or a text over 4 MiB (`TOO_LARGE`).
   */
  uploadSyncLog(syncId: string, text: string): Promise<void>;
  /**
   * Optional: the start of a sync in one round trip ({@link SyncPlan}): `deviceControl()` (with its
   * effect: pending commands become delivered) and `customization(request.known)`, each part holding
   * what its call answers or throws; a channel that is also the CRM connector adds the server side.
   * Throws `UnsupportedCapabilityError` (capability `syncPlan`) when the other end does not offer it
   * (an older bridge): make the separate calls. Passing failures as any call; retry: as a whole.
   */
  syncPlan?(request: SyncPlanRequest): Promise<SyncPlan>;
}

/** What a device tells the bridge about itself. */
export interface DeviceRegistration {
  readonly deviceId: string;
  readonly name: string;
  readonly os: string;
  readonly appVersion: string;
}
