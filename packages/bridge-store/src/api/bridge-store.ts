/**
 * The bridge's own state, beside the CRM: devices, refresh sessions, device commands, published
 * customizations, sync tracking, sync logs, settings and sign-in attempts. One implementation over
 * kysely, on SQLite (a file, the default) or PostgreSQL (a `postgres://` URL). Times are canonical UTC
 * ISO-8601 strings (`2026-11-23T10:00:00.000Z`); ids are UUIDs unless named otherwise.
 */
export interface BridgeStore {
  readonly devices: DeviceRepository;
  readonly sessions: SessionRepository;
  readonly commands: CommandRepository;
  readonly customizations: CustomizationRepository;
  readonly syncs: SyncTrackingRepository;
  readonly logs: SyncLogRepository;
  readonly settings: SettingsRepository;
  readonly signInAttempts: SignInAttemptRepository;
  /** Deletes what the retention settings no longer keep. */
  readonly retention: RetentionRepository;
  /** `sqlite` or `postgres`. */
  readonly dialect: 'sqlite' | 'postgres';
  /** Closes the connections; the store is unusable afterwards. */
  close(): Promise<void>;
}

/** Device states; `wiped` is final (a wiped device registering again gets state `active` only with a new device id). */
export type StoredDeviceState = 'active' | 'locked' | 'wiped';

/** A registered device. */
export interface StoredDevice {
  /** Chosen by the device (its installation id); unique across the bridge. */
  readonly deviceId: string;
  readonly userId: string;
  readonly name: string;
  readonly os: string;
  readonly appVersion: string;
  readonly state: StoredDeviceState;
  readonly registeredAt: string;
  readonly lastSeenAt?: string;
  readonly lastSyncAt?: string;
}

/** Filter and page of {@link DeviceRepository.list}. */
export interface DeviceListQuery {
  readonly userId?: string;
  readonly state?: StoredDeviceState;
  /** Devices whose lastSyncAt (registeredAt when never synced) is before `now - days`. */
  readonly notSyncedForDays?: number;
  /** The time `notSyncedForDays` counts back from. */
  readonly now: string;
  /** At most this many (1..500). */
  readonly first: number;
  /** An opaque cursor from an earlier page's `endCursor`. */
  readonly after?: string;
}

/** One page of devices, ordered by deviceId. */
export interface DevicePage {
  readonly devices: readonly StoredDevice[];
  /** Cursor of each device, same order. */
  readonly cursors: readonly string[];
  readonly hasNextPage: boolean;
  readonly totalCount: number;
}

export interface DeviceRepository {
  /**
   * Creates the device, or updates name, OS and app version of the same user's device. Throws
   * `BridgeStoreError` code `DEVICE_OWNED_BY_OTHER_USER` when the id belongs to another user, and
   * `DEVICE_WIPED` when the device was wiped.
   */
  register(input: { deviceId: string; userId: string; name: string; os: string; appVersion: string; now: string }): Promise<StoredDevice>;
  get(deviceId: string): Promise<StoredDevice | undefined>;
  list(query: DeviceListQuery): Promise<DevicePage>;
  setState(deviceId: string, state: StoredDeviceState): Promise<StoredDevice>;
  touch(deviceId: string, fields: { lastSeenAt?: string; lastSyncAt?: string }): Promise<void>;
  listByUser(userId: string): Promise<StoredDevice[]>;
}

/**
 * A refresh session: the refresh token is stored only as its SHA-256 hash. A sign-in starts a
 * family; each rotation adds a member to it and revokes the previous one.
 */
export interface StoredSession {
  readonly id: string;
  readonly userId: string;
  readonly deviceId?: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** When its refresh token was used (rotated), signed out or its family ended. */
  readonly revokedAt?: string;
  /** The id of the family's first session (its own id for a sign-in). */
  readonly familyId: string;
  /** When the whole family was ended: its access tokens stop working too. */
  readonly familyEndedAt?: string;
}

export interface SessionRepository {
  create(input: { userId: string; deviceId?: string; refreshTokenHash: string; now: string; expiresAt: string }): Promise<StoredSession>;
  /** The live (not revoked, not expired at `now`) session of this refresh token hash. */
  findLive(refreshTokenHash: string, now: string): Promise<StoredSession | undefined>;
  /** The session of this refresh token hash, live, used, revoked or expired; undefined when unknown (or purged). */
  findByRefreshToken(refreshTokenHash: string): Promise<StoredSession | undefined>;
  /**
   * Atomically revokes `sessionId` and creates its successor in the same family; undefined when it
   * was already revoked (a replayed refresh token) or its family ended.
   */
  rotate(sessionId: string, next: { refreshTokenHash: string; now: string; expiresAt: string }): Promise<StoredSession | undefined>;
  revoke(sessionId: string, now: string): Promise<void>;
  /** Ends every session of the family (revokes the live one, marks all ended); answers how many it marked. */
  endFamily(familyId: string, now: string): Promise<number>;
  /** Revokes every session of a device (wipe). */
  revokeDevice(deviceId: string, now: string): Promise<number>;
  get(sessionId: string): Promise<StoredSession | undefined>;
}

export type StoredCommandKind = 'lock' | 'unlock' | 'wipe' | 'forceFullSync';
export type StoredCommandStatus = 'pending' | 'delivered' | 'done' | 'failed';

/** An admin's command to a device, with its lifecycle. */
export interface StoredCommand {
  readonly id: string;
  readonly deviceId: string;
  readonly kind: StoredCommandKind;
  readonly status: StoredCommandStatus;
  /** `forceFullSync`: `{ entities?: string[]; discardLocalChanges: boolean }`. */
  readonly parameters?: { readonly entities?: readonly string[]; readonly discardLocalChanges?: boolean };
  readonly issuedAt: string;
  /** User name of the admin. */
  readonly issuedBy: string;
  readonly deliveredAt?: string;
  readonly completedAt?: string;
  readonly message?: string;
}

export interface CommandRepository {
  issue(input: { deviceId: string; kind: StoredCommandKind; parameters?: StoredCommand['parameters']; issuedBy: string; now: string }): Promise<StoredCommand>;
  get(id: string): Promise<StoredCommand | undefined>;
  /** Newest first. */
  listByDevice(deviceId: string): Promise<StoredCommand[]>;
  /** Pending and delivered commands of the device, oldest first. */
  open(deviceId: string): Promise<StoredCommand[]>;
  /** pending → delivered for the ids given; others untouched. */
  markDelivered(ids: readonly string[], now: string): Promise<void>;
  /** pending|delivered → done|failed. Throws `BridgeStoreError` `COMMAND_NOT_OPEN` when it is already done or failed, `NOT_FOUND` when unknown. */
  complete(id: string, outcome: { ok: boolean; message?: string; now: string }): Promise<StoredCommand>;
}

/** A published customization revision. */
export interface StoredCustomization {
  /** 1, 2, 3... in publication order. */
  readonly revision: number;
  /** The content hash. */
  readonly version: string;
  /** The customization document as published (JSON). */
  readonly content: unknown;
  readonly partHashes: { readonly entities: string; readonly settings: string; readonly blobStoreFilter: string };
  readonly roles: readonly { readonly role: string; readonly priority: number }[];
  readonly minAppVersion?: string;
  readonly settingsReadOnly: boolean;
  readonly comment?: string;
  readonly publishedAt: string;
  readonly publishedBy: string;
}

export interface CustomizationRepository {
  /** Stores a new revision (revision = previous + 1, assigned atomically). */
  publish(input: Omit<StoredCustomization, 'revision'>): Promise<StoredCustomization>;
  get(revision: number): Promise<StoredCustomization | undefined>;
  /** Newest revision first. */
  list(): Promise<StoredCustomization[]>;
  /**
   * The revision a user with these roles gets: among the newest revision assigned to each role, the one
   * whose assignment has the highest priority (ties: the newer revision). Undefined when none.
   */
  forRoles(roles: readonly string[]): Promise<StoredCustomization | undefined>;
}

/** One sync as a device reported it. */
export interface StoredSync {
  readonly id: string;
  readonly syncId: string;
  readonly deviceId: string;
  readonly userId: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationMs: number;
  readonly type: 'full' | 'incremental' | 'upload-only' | 'apply-update';
  readonly success: boolean;
  readonly cancelled: boolean;
  readonly uploads: number;
  readonly uploadErrors: number;
  readonly retries: number;
  readonly downloaded: number;
  readonly error?: string;
  /** The device's Refresh Mode when it synced, when the device reported it. */
  readonly refreshMode?: 'blocking' | 'non-blocking';
  /** The files of the sync's attachment and document steps, when the device reported them. */
  readonly files?: StoredSyncFiles;
}

/** Files of one kind: downloaded and uploaded (count, bytes), left on the server by the filter (refused), still queued. */
export interface StoredSyncFileCounts {
  readonly count: number;
  readonly bytes: number;
  readonly refused: number;
  readonly queued: number;
}

/** A sync's files: the totals, and per kind (attachments, documents) when the device reported them. */
export interface StoredSyncFiles extends StoredSyncFileCounts {
  readonly attachments?: StoredSyncFileCounts;
  readonly documents?: StoredSyncFileCounts;
}

export interface SyncTrackingRepository {
  /** Stores the report once per (deviceId, syncId); a repeat answers the stored one. Also sets the device's lastSyncAt to `startedAt` when later. */
  record(input: Omit<StoredSync, 'id'>): Promise<StoredSync>;
  /** Newest (startedAt) first; cursor-paged. */
  listByDevice(deviceId: string, page: { first: number; after?: string }): Promise<{ syncs: StoredSync[]; cursors: string[]; hasNextPage: boolean }>;
}

/** An uploaded sync log. */
export interface StoredSyncLog {
  readonly id: string;
  readonly deviceId: string;
  readonly syncId: string;
  readonly uploadedAt: string;
  readonly text: string;
}

export interface SyncLogRepository {
  append(input: { deviceId: string; syncId: string; text: string; now: string }): Promise<StoredSyncLog>;
  /** Newest first. */
  listByDevice(deviceId: string, first: number): Promise<StoredSyncLog[]>;
}

export interface SettingsRepository {
  /** Stored values by name (only those ever set). */
  all(): Promise<Record<string, unknown>>;
  /** Sets several values in one transaction. */
  set(values: Readonly<Record<string, unknown>>, now: string): Promise<void>;
}

/** One sign-in attempt to record. */
export interface SignInAttemptInput {
  /** The name as typed (kept for the record; not what the limit counts by). */
  readonly userName: string;
  /** What the per-user limit counts by: `user:<id>` for a name the CRM resolves, else `name:<lower-cased name>`. */
  readonly userKey: string;
  readonly deviceId?: string;
  /** The client's address (see `clientNetwork` in the device API); absent when unknown. */
  readonly clientAddress?: string;
  readonly success: boolean;
  readonly now: string;
}

/** Failed sign-ins counted three ways since a time. */
export interface SignInFailures {
  /** Of the user key, from any device and address (0 when no key was given). */
  readonly byUser: number;
  /** From the device, for any user (0 when no device was given). */
  readonly byDevice: number;
  /** From the client address, for any user (0 when no address was given). */
  readonly byAddress: number;
}

export interface SignInAttemptRepository {
  record(input: SignInAttemptInput): Promise<void>;
  /** Failed attempts since `since` for this user key, this device and this address, each when given (0 when not). */
  failuresSince(input: { userKey?: string; deviceId?: string; clientAddress?: string; since: string }): Promise<SignInFailures>;
}

/**
 * The tables that grow with use, each with the time its rows age by: sign-in attempts by
 * `attemptedAt`, sync logs by `uploadedAt`, sync tracking by `startedAt`, sessions by `expiresAt`.
 */
export type RetainedTable = 'signInAttempts' | 'syncLogs' | 'syncs' | 'sessions';

export interface RetentionRepository {
  /**
   * Deletes at most `limit` (1..10,000) rows of `table` whose time is before `before`, oldest first,
   * in one short statement, and answers how many; call again until it answers less than `limit`.
   * Throws `BridgeStoreError` `INVALID_ARGUMENT` for a bad limit, table or time.
   */
  purge(table: RetainedTable, before: string, limit: number): Promise<number>;
}
