import type { Clock, CrmRecord, FieldValues, Schema } from '@fieldsync/model';
import type { PutAttachmentRequest, ReadAttachmentRequest, StoredAttachment } from './attachment-types';
import type { BusinessUnitInput, FieldSecurityProfileInput, SecurityRoleInput, StoreUser, StoreUserQuery, TeamInput, UserInput } from './organization-inputs';
import type { Principal } from './principal';
import type { SessionTokens } from './session-tokens';
import type { StorePermissions } from './privileges';
import type {
  CountRequest,
  CountResult,
  DeletesPageResult,
  DeletesSinceRequest,
  ReadChangesPage,
  ReadChangesRequest,
  ReadFullPage,
  ReadFullRequest,
  SharingChangesResult,
  StoreRecordAccess,
  SharingChangesSinceRequest,
} from './read-requests';
import type { StoreApiUsage, StoreMetrics } from './store-metrics';
import type { StoreWriteOperation, StoreWriteOptions, StoreWriteResult } from './write-operations';

/** Options of `insertMany`. */
export interface InsertManyOptions {
  /** Owner (user or team id) of every row, for entities with an owner field. */
  readonly ownerId?: string;
  /** Creation time of every row (canonical ISO-8601); default: the clock's now. */
  readonly createdon?: string;
}

/** Options of `purgeHistory`. */
export interface PurgeHistoryOptions {
  /** Forget tombstones and access-log entries older than this. `0` forgets everything. @default the store's retention */
  readonly olderThanMs?: number;
}

/**
 * The reference CRM on one SQLite file. Every change, of any kind, takes the next value of one
 * global counter as its version, so versions are unique: two changes never share one and
 * "after version v" is exact. Principal-facing methods check privileges, sharing and field-level
 * security, count as API calls and may throw `STORE_QUOTA_EXCEEDED`; `...AsSystem` methods and
 * the organization methods are for seeding and test control and check nothing.
 */
export interface CrmStore {
  /** The file the store lives in. */
  readonly file: string;
  /** The store's clock (a `ManualClock` in tests). */
  readonly clock: Clock;

  // ---- schema ----
  /**
   * Creates the tables of new entities and the columns of new fields. Removing an entity or field, or
   * changing a field's type, throws `STORE_SCHEMA_CHANGE_REFUSED` and changes nothing. Validation
   * problems throw `VALIDATION_FAILED`.
   */
  applySchema(schema: Schema): Promise<void>;
  /** The schema stored in the file (empty before the first `applySchema`). */
  schema(): Schema;

  // ---- organization (system level) ----
  /** Creates a business unit; answers its id. */
  createBusinessUnit(input: BusinessUnitInput): Promise<string>;
  /** Creates a user; answers its id. A taken user name throws `STORE_DUPLICATE`. */
  createUser(input: UserInput): Promise<string>;
  /** Enables or disables a user; a disabled user cannot sign in or use a session. */
  setUserDisabled(userId: string, disabled: boolean): Promise<void>;
  /** The user, or undefined. */
  getUser(userId: string): Promise<StoreUser | undefined>;
  /** The user of that name, or undefined. */
  findUserByName(userName: string): Promise<StoreUser | undefined>;
  /** Users by user name: every one, or the page `query` asks for (paged in SQL). */
  listUsers(query?: StoreUserQuery): Promise<StoreUser[]>;
  /** Names of the security roles a user holds, directly or through a team, sorted. */
  roleNamesOf(userId: string): Promise<string[]>;
  /** Creates a team; answers its id. */
  createTeam(input: TeamInput): Promise<string>;
  /** Adds a user to a team (no-op when already a member). */
  addTeamMember(teamId: string, userId: string): Promise<void>;
  /** Removes a user from a team. */
  removeTeamMember(teamId: string, userId: string): Promise<void>;
  /** Creates a security role; answers its id. */
  createSecurityRole(input: SecurityRoleInput): Promise<string>;
  /** Gives a role to a user or a team (a team's roles apply to its members). */
  assignRole(principalId: string, roleId: string): Promise<void>;
  /** Creates a field security profile; answers its id. */
  createFieldSecurityProfile(input: FieldSecurityProfileInput): Promise<string>;
  /** Adds a user or team to a field security profile. */
  addFieldSecurityProfileMember(profileId: string, principalId: string): Promise<void>;
  /** The organization's id (made when the file was created). */
  organizationId(): Promise<string>;

  // ---- sessions ----
  /** Signs a user in. Wrong password, unknown or disabled user: throws `STORE_AUTH_INVALID`. */
  signIn(userName: string, password: string): Promise<SessionTokens>;
  /** Swaps a refresh token for new tokens (the old refresh token stops working). Throws `STORE_AUTH_INVALID` / `STORE_AUTH_EXPIRED`. */
  refresh(refreshToken: string): Promise<SessionTokens>;
  /** The principal of an access token. Throws `STORE_AUTH_EXPIRED` past its expiry, `STORE_AUTH_INVALID` when unknown or revoked. */
  authenticate(accessToken: string): Promise<Principal>;
  /** Ends every session of the user. */
  revokeSessions(userId: string): Promise<void>;
  /** The principal of a user without a session (for tests and seeding). Throws `STORE_NOT_FOUND`. */
  principalOf(userId: string): Promise<Principal>;
  /** The principal's effective privileges and secured fields. */
  permissions(principal: Principal): Promise<StorePermissions>;

  // ---- reads as a principal ----
  /** A page of records the principal may read, by primary key; filter runs in SQL. Throws `PERMISSION_DENIED` without read privilege. */
  readFull(principal: Principal, request: ReadFullRequest): Promise<ReadFullPage>;
  /**
   * Changes after a version in version order: edits and visibility changes (share, unshare,
   * assign). A record the principal never could see is never reported. Throws `STORE_HISTORY_EXPIRED`
   * when `afterVersion` is older than the purged history.
   */
  readChanges(principal: Principal, request: ReadChangesRequest): Promise<ReadChangesPage>;
  /** Tombstones after a version of records the principal could see. Throws `STORE_HISTORY_EXPIRED`. */
  deletesSince(principal: Principal, request: DeletesSinceRequest): Promise<DeletesPageResult>;
  /** Records shared with / assigned to the principal after a version, and ids lost. Throws `STORE_HISTORY_EXPIRED`. */
  sharingChangesSince(principal: Principal, request: SharingChangesSinceRequest): Promise<SharingChangesResult>;
  /** Counts for the sync analyzer. */
  count(principal: Principal, request: CountRequest): Promise<CountResult>;
  /**
   * What the principal may do with each record (read, write, delete, append, appendTo), judged as reads
   * and writes judge it: a parental child through its parent record. Unknown ids answer all false.
   */
  recordAccess(principal: Principal, entity: string, ids: readonly string[]): Promise<StoreRecordAccess[]>;
  /** The newest version given out (0 for an empty store). */
  currentVersion(): Promise<number>;

  // ---- writes as a principal ----
  /** Applies operations in order, each in its own savepoint; answers one result per operation. Never throws for an operation's outcome. */
  write(principal: Principal, operations: readonly StoreWriteOperation[], options?: StoreWriteOptions): Promise<StoreWriteResult[]>;

  // ---- system level ----
  /** Inserts rows fast (multi-row statements, 20,000-row transactions); answers their ids in order. No privilege checks. */
  insertMany(entity: string, rows: readonly FieldValues[], options?: InsertManyOptions): Promise<string[]>;
  /** Updates a record without checks, bumping its version. Throws `STORE_NOT_FOUND`. */
  updateAsSystem(entity: string, id: string, fields: FieldValues): Promise<CrmRecord>;
  /** Deletes a record without checks, leaving a tombstone. Throws `STORE_NOT_FOUND`. */
  deleteAsSystem(entity: string, id: string): Promise<void>;
  /** Shares a record (read access) with a user or team; logged with a version. */
  share(entity: string, id: string, principalId: string): Promise<void>;
  /** Takes a share back; logged with a version. */
  unshare(entity: string, id: string, principalId: string): Promise<void>;
  /** Gives a record another owner (user or team), bumping its version and logging the move. */
  assign(entity: string, id: string, newOwnerId: string): Promise<void>;
  /** The record, or undefined when absent or deleted. */
  getAsSystem(entity: string, id: string): Promise<CrmRecord | undefined>;
  /** Forgets tombstones and access-log entries older than the retention, raising the history watermark. */
  purgeHistory(options?: PurgeHistoryOptions): Promise<void>;

  // ---- attachments ----
  /** Stores a body on a record the principal may write (once per idempotency key). Answers the size and the record's new version. */
  putAttachment(principal: Principal, request: PutAttachmentRequest): Promise<{ size: number; version: string }>;
  /** Streams a stored body (or a range) of a record the principal may read. Throws `STORE_NOT_FOUND`, `STORE_RANGE_INVALID`. */
  readAttachment(principal: Principal, request: ReadAttachmentRequest): Promise<StoredAttachment>;

  // ---- figures ----
  /** Counters since the last reset. */
  metrics(): StoreMetrics;
  /** Zeroes the counters. */
  resetMetrics(): void;
  /** The user's API calls in the current day window (by the store's clock). */
  apiUsage(userId: string): StoreApiUsage;

  /** Closes the file; the store is unusable afterwards. */
  close(): Promise<void>;
}
