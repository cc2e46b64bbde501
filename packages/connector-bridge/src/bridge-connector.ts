import {
  chunksOf,
  AuthExpiredError,
  BatchTooLargeError,
  ConnectorCallPolicy,
  ContractViolationError,
  RateLimitedError,
  UnsupportedCapabilityError,
  TransientError,
  type ApiUsage,
  type AttachmentContent,
  type AttachmentRef,
  type AttachmentUpload,
  type ByteRange,
  type ConnectorCapabilities,
  type CountRequest,
  type CrmConnector,
  type CustomizationOffer,
  type DeletesPage,
  type DeviceChannel,
  type DeviceControlState,
  type DocumentContent,
  type DeviceRegistration,
  type EntityCounts,
  type FailureClassifier,
  type PermissionSet,
  type ReadDeletesRequest,
  type ReadPageRequest,
  type RecordDocumentListing,
  type RecordDocumentsRef,
  type RecordDocumentUpload,
  type DocumentItem,
  type RecordPage,
  type Session,
  type SharingChanges,
  type SharingChangesRequest,
  type SyncPlan,
  type SyncPlanRequest,
  type SyncTrackingReport,
  type WhoAmI,
  type WriteBatch,
  type WriteResult,
} from '@fieldsync/connector-api';
import {
  FieldsyncError,
  systemClock,
  ValidationError,
  waitOnClock,
  type Clock,
  type CustomizationPartHashes,
  type Schema,
  type ValidationIssue,
} from '@fieldsync/model';
import { AttachmentClient, type UploadState } from './attachments/attachment-client';
import type { BridgeConnectorOptions } from './bridge-connector-options';
import type { JsonObject } from './decode/json-reader';
import { BridgeConnectorClosedError } from './errors/bridge-connector-closed-error';
import { DeviceNotBoundError } from './errors/device-not-bound-error';
import { NotSignedInError } from './errors/not-signed-in-error';
import { UnauthenticatedError } from './errors/unauthenticated-error';
import { GraphqlClient, type GraphqlRequest } from './graphql-client';
import { mapUserErrors } from './map-bridge-error';
import { apiUsageRequest, decodeApiUsage } from './queries/api-usage';
import { capabilitiesRequest, decodeCapabilities } from './queries/capabilities';
import { completeCommandRequest, decodeCompleteCommand } from './queries/complete-command';
import { countRequest, decodeCount } from './queries/count';
import { customizationRequest, decodeCustomization } from './queries/customization';
import { decodeDescribe, describeRequest } from './queries/describe';
import { decodeDeviceControl, deviceControlRequest } from './queries/device-control';
import { decodePermissions, permissionsRequest } from './queries/permissions';
import { decodeReadDeletes, readDeletesRequest } from './queries/read-deletes';
import { decodeReadPage, readPageRequest } from './queries/read-page';
import { decodeRegisterDevice, registerDeviceRequest } from './queries/register-device';
import { decodeReportSync, reportSyncRequest } from './queries/report-sync';
import { decodeSharingChanges, sharingChangesRequest } from './queries/sharing-changes';
import { decodeSyncPlan, syncPlanRequest } from './queries/sync-plan';
import { decodeUploadSyncLog, uploadSyncLogRequest } from './queries/upload-sync-log';
import { decodeWhoAmI, whoAmIRequest } from './queries/who-am-i';
import { decodeWriteBatch, writeBatchRequest } from './queries/write-batch';
import { SessionKeeper } from './session/session-keeper';

/** The bridge refuses a token with HTTP 401 and throttles with `RateLimitedError` (429, or 503 with Retry-After); nothing is sent again as transient. */
const bridgeFailures: FailureClassifier = {
  isSessionExpired: (error) => error instanceof UnauthenticatedError,
  throttleDelayMs: (error) => (error instanceof RateLimitedError ? error.retryAfterMs : undefined),
  isTransient: () => false,
};

/**
 * A {@link CrmConnector} and {@link DeviceChannel} over a Fieldsync bridge's GraphQL device API.
 *
 * `capabilities` are the bridge's, fetched once by `signIn()`; reading them earlier throws
 * {@link NotSignedInError} (every other method signs in by itself when needed). Attachment bodies go
 * over the bridge's attachment routes beside GraphQL (docs/decisions/167): `readAttachment` streams,
 * `writeAttachment` uploads in chunks and resumes after a lost answer; both throw
 * `UnsupportedCapabilityError` when the bridge's CRM stores no attachments. After `close()` every call throws
 * {@link BridgeConnectorClosedError}.
 */
export interface BridgeConnector extends CrmConnector, DeviceChannel {
  /** The current session (without its refresh token), or undefined before sign-in and after `close()`. */
  session(): Session | undefined;
  /** Always present; throws `UnsupportedCapabilityError` (`syncPlan`) from an older bridge. */
  syncPlan(request: SyncPlanRequest): Promise<SyncPlan>;
  readAttachment(ref: AttachmentRef, range?: ByteRange): Promise<AttachmentContent>;
  listDocuments(record: RecordDocumentsRef): Promise<RecordDocumentListing>;
  readDocument(record: RecordDocumentsRef, itemId: string, range?: ByteRange): Promise<DocumentContent>;
  writeAttachment(ref: AttachmentRef, upload: AttachmentUpload): Promise<{ readonly size: number; readonly version: string }>;
  writeDocument(record: RecordDocumentsRef, upload: RecordDocumentUpload): Promise<DocumentItem>;
}

/** How often an upload asks where it stands and resumes before it gives up. */
const MAX_UPLOAD_RESUMES = 5;

/**
 * Creates a connector to the bridge at `options.url` for one user (and device). Nothing is sent until
 * the first call; call `signIn()` first to read `capabilities`.
 * @example
 * const bridge = createBridgeConnector({ url, userName: 'alice', password, deviceId, onSession: save });
 * await bridge.signIn();
 * const page = await bridge.readPage({ entity: 'account', pageSize: bridge.capabilities.maxPageSize });
 */
export function createBridgeConnector(options: BridgeConnectorOptions): BridgeConnector {
  return new GraphqlBridgeConnector(options);
}

/** The implementation behind {@link createBridgeConnector}. */
class GraphqlBridgeConnector implements BridgeConnector {
  readonly name = 'bridge';
  readonly #client: GraphqlClient;
  readonly #files: AttachmentClient;
  readonly #chunkBytes: number;
  readonly #sessions: SessionKeeper;
  readonly #policy: ConnectorCallPolicy;
  readonly #clock: Clock;
  readonly #deviceId: string | undefined;
  readonly #hasPassword: boolean;
  #appVersion: string | undefined;
  #capabilities: ConnectorCapabilities | undefined;
  #loading: Promise<ConnectorCapabilities> | undefined;
  #closed = false;
  /** Whether the bridge offers `syncPlan`: unknown until the first one is asked for. */
  #planOffered: boolean | undefined;
  /** Whether the bridge sends pages as columns (`RecordPage.table`): unknown until the first page. */
  #tablePages: boolean | undefined;

  constructor(options: BridgeConnectorOptions) {
    validateOptions(options);
    this.#client = new GraphqlClient({ url: options.url, fetch: options.fetch, timeoutMs: options.timeoutMs });
    this.#files = new AttachmentClient(options.url, options.streamFetch);
    this.#chunkBytes = options.uploadChunkBytes ?? 1024 * 1024;
    this.#deviceId = options.deviceId;
    this.#clock = options.clock ?? systemClock;
    this.#policy = new ConnectorCallPolicy({
      classifier: bridgeFailures,
      limits: { maxRateLimitRetries: options.retry?.maxRateLimitRetries, maxRetryAfterMs: options.retry?.maxRetryAfterMs },
      clock: this.#clock,
    });
    this.#hasPassword = options.password !== undefined;
    this.#appVersion = options.appVersion;
    this.#sessions = new SessionKeeper({
      send: (request) => this.#policy.run({ operation: request.operationName }, () => this.#client.request(request)),
      userName: options.userName,
      password: options.password,
      deviceId: options.deviceId,
      tokens: options.tokens,
      onSession: options.onSession,
      clock: this.#clock,
      refreshAheadMs: options.refreshAheadMs ?? 60_000,
      signInAgainWhenRefreshRefused: options.signInAgainWhenRefreshRefused ?? false,
    });
  }

  /** The bridge's capabilities. Throws {@link NotSignedInError} before `signIn()` resolved. */
  get capabilities(): ConnectorCapabilities {
    if (this.#capabilities === undefined) throw new NotSignedInError('capabilities');
    return this.#capabilities;
  }

  session(): Session | undefined {
    const current = this.#closed ? undefined : this.#sessions.current();
    return current === undefined ? undefined : { accessToken: current.accessToken, expiresAt: current.expiresAt, userId: current.userId };
  }

  /**
   * Signs in with the password (bound to the device) and fetches the capabilities once. Without a
   * password, resumes the stored `tokens` instead (refreshing them if the bridge refuses them).
   * Throws `AuthFailedError` (no retry), `DeviceRevokedError` for a wiped device.
   */
  async signIn(): Promise<Session> {
    this.#assertOpen('signIn');
    if (this.#sessions.current() === undefined || this.#hasPassword) await this.#sessions.signIn();
    await this.#ready();
    return this.session() as Session;
  }

  async refreshSession(): Promise<Session> {
    this.#assertOpen('refreshSession');
    await this.#sessions.refresh();
    return this.session() as Session;
  }

  async whoAmI(): Promise<WhoAmI> {
    return decodeWhoAmI(await this.#call(whoAmIRequest));
  }

  async describe(entities?: readonly string[]): Promise<Schema> {
    return decodeDescribe(await this.#call(describeRequest(entities)));
  }

  async count(request: CountRequest): Promise<EntityCounts> {
    return decodeCount(await this.#call(countRequest(request)), request.since !== undefined);
  }

  /** Asks for the records as columns; a bridge without them (refusing `table` as invalid GraphQL) is asked for objects from then on. */
  async readPage(request: ReadPageRequest): Promise<RecordPage> {
    const pageSize = cutPageSize(request.pageSize, (await this.#ready()).maxPageSize);
    if (this.#tablePages === false) return decodeReadPage(await this.#call(readPageRequest(request, pageSize, 'records')), request.entity, pageSize);
    try {
      const answer = await this.#call(readPageRequest(request, pageSize, 'table'));
      this.#tablePages = true;
      return decodeReadPage(answer, request.entity, pageSize);
    } catch (error) {
      if (this.#tablePages !== undefined || !FieldsyncError.is(error, 'GRAPHQL_VALIDATION_FAILED')) throw error;
      this.#tablePages = false;
      return this.readPage(request);
    }
  }

  async readDeletes(request: ReadDeletesRequest): Promise<DeletesPage> {
    const { maxPageSize } = await this.#ready();
    const pageSize = cutPageSize(request.pageSize ?? maxPageSize, maxPageSize);
    return decodeReadDeletes(await this.#call(readDeletesRequest(request, pageSize)), pageSize);
  }

  /** Present always, but throws `UnsupportedCapabilityError` when the bridge does not declare `sharedRecords`. */
  async readSharingChanges(request: SharingChangesRequest): Promise<SharingChanges> {
    if (!(await this.#ready()).sharedRecords) throw new UnsupportedCapabilityError('sharedRecords');
    return decodeSharingChanges(await this.#call(sharingChangesRequest(request)), request.entity);
  }

  async writeBatch(batch: WriteBatch): Promise<WriteResult[]> {
    const { operations } = batch;
    const { maxBatchSize } = await this.#ready();
    if (operations.length > maxBatchSize) throw new BatchTooLargeError(operations.length, maxBatchSize);
    if (operations.length === 0) return [];
    return decodeWriteBatch(await this.#call(writeBatchRequest(operations, batch.allOrNone ?? false)), operations);
  }

  async permissions(): Promise<PermissionSet> {
    return decodePermissions(await this.#call(permissionsRequest));
  }

  async apiUsage(): Promise<ApiUsage> {
    return decodeApiUsage(await this.#call(apiUsageRequest));
  }

  /** Streams an attachment (or a range) from `GET /attachments/{entity}/{id}`. */
  async readAttachment(ref: AttachmentRef, range?: ByteRange): Promise<AttachmentContent> {
    this.#assertOpen('readAttachment');
    const capabilities = await this.#ready();
    if (!capabilities.attachments) throw new UnsupportedCapabilityError('attachments');
    if (range && !capabilities.attachmentRanges) throw new UnsupportedCapabilityError('attachmentRanges');
    return this.#withSession('readAttachment', (token) => this.#files.read(ref, range, token));
  }

  /** The record's SharePoint / OneDrive folder through the bridge's `/documents` route (decision 179). */
  async listDocuments(record: RecordDocumentsRef): Promise<RecordDocumentListing> {
    this.#assertOpen('listDocuments');
    return this.#withSession('listDocuments', (token) => this.#files.listDocuments(record, token));
  }

  /** Streams one document of the record (a range of it when given). */
  async readDocument(record: RecordDocumentsRef, itemId: string, range?: ByteRange): Promise<DocumentContent> {
    this.#assertOpen('readDocument');
    return this.#withSession('readDocument', (token) => this.#files.readDocument(record, itemId, range, token));
  }

  /**
   * Uploads in chunks of `uploadChunkBytes` (an AsyncIterable is never held whole): creates the upload
   * session of the idempotency key (a repeat answers the first result), sends the chunks, and after a
   * transient failure or a lost answer asks where the upload stands and resumes from there, at most
   * {@link MAX_UPLOAD_RESUMES} times in a row.
   */
  async writeAttachment(ref: AttachmentRef, upload: AttachmentUpload): Promise<{ readonly size: number; readonly version: string }> {
    this.#assertOpen('writeAttachment');
    if (!(await this.#ready()).attachments) throw new UnsupportedCapabilityError('attachments');
    const size = upload.body instanceof Uint8Array ? upload.body.length : undefined;
    const input = { fileName: upload.fileName, mimeType: upload.mimeType, idempotencyKey: upload.idempotencyKey, ...(size === undefined ? {} : { size }) };
    const result = await this.#sendUpload('writeAttachment', (token) => this.#files.createUpload(ref, input, token), upload.body);
    return { size: result.size, version: result.version };
  }

  /**
   * Puts a file into the record's document folder through `POST /documents/{entity}/{id}/uploads` and the
   * shared `/uploads` session (decision 193): chunked, resumed after a cut or a lost answer as
   * {@link writeAttachment} is; a repeat with the same idempotency key answers the stored item.
   */
  async writeDocument(record: RecordDocumentsRef, upload: RecordDocumentUpload): Promise<DocumentItem> {
    this.#assertOpen('writeDocument');
    const input = { fileName: upload.fileName, size: upload.size, idempotencyKey: upload.idempotencyKey };
    const result = await this.#sendUpload('writeDocument', (token) => this.#files.createDocumentUpload(record, input, token), upload.body);
    if (!result.item) throw new ContractViolationError('a committed document upload without its item', 'writeDocument');
    return result.item;
  }

  /** Creates (or finds) an upload session and sends `body` into it in chunks, resuming after a cut; answers the commit's result. */
  async #sendUpload(
    operation: string,
    create: (token: string) => Promise<UploadState>,
    body: Uint8Array | AsyncIterable<Uint8Array>,
  ): Promise<NonNullable<UploadState['result']>> {
    let state = await this.#withSession(operation, create);
    if (state.result) return state.result;
    const { uploadId } = state;
    let resumes = 0;
    const attempt = async (send: (token: string) => Promise<UploadState>): Promise<void> => {
      try {
        state = await this.#withSession(operation, send);
        resumes = 0;
      } catch (error) {
        const resumable = error instanceof TransientError || FieldsyncError.is(error, 'UPLOAD_OFFSET_MISMATCH') || FieldsyncError.is(error, 'UPLOAD_BUSY');
        if (!resumable || ++resumes > MAX_UPLOAD_RESUMES) throw error;
        if (FieldsyncError.is(error, 'UPLOAD_BUSY')) await waitOnClock(this.#clock, 250 * resumes);
        state = await this.#withSession(operation, (token) => this.#files.uploadState(uploadId, token));
      }
    };
    let total = 0;
    for await (const chunk of chunksOf(body, this.#chunkBytes)) {
      const end = chunk.start + chunk.bytes.length;
      total = end;
      while (state.result === null && state.offset < end) {
        if (state.offset < chunk.start)
          throw new ContractViolationError(`the bridge has ${state.offset} bytes, fewer than the ${chunk.start} it had`, `${operation} ${uploadId}`);
        const from = state.offset;
        await attempt((token) => this.#files.putChunk(uploadId, from, chunk.bytes.subarray(from - chunk.start), chunk.last ? end : undefined, token));
      }
      if (state.result) return state.result;
    }
    while (state.result === null) await attempt((token) => this.#files.putChunk(uploadId, total, new Uint8Array(0), total, token));
    return state.result;
  }

  /** Makes the connector unusable and closes its HTTP connections. The session is not signed out. Never throws. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#sessions.clear();
    await this.#client.close();
  }

  async registerDevice(device: DeviceRegistration): Promise<void> {
    const deviceId = this.#boundDevice('registerDevice');
    if (device.deviceId !== deviceId) {
      throw new DeviceNotBoundError('registerDevice', `the session is bound to device '${deviceId}', not '${device.deviceId}'`);
    }
    const answer = decodeRegisterDevice(await this.#call(registerDeviceRequest(device)));
    if (answer.userErrors.length > 0) throw mapUserErrors('registerDevice', answer.userErrors);
    if (answer.deviceId !== deviceId) {
      throw new ContractViolationError(`registered device '${answer.deviceId}' instead of '${deviceId}'`, 'registerDevice.device.deviceId');
    }
    this.#appVersion = device.appVersion;
  }

  async deviceControl(): Promise<DeviceControlState> {
    this.#boundDevice('deviceControl');
    return decodeDeviceControl(await this.#call(deviceControlRequest));
  }

  async completeCommand(commandId: string, outcome: { readonly ok: boolean; readonly message?: string }): Promise<void> {
    this.#boundDevice('completeCommand');
    const userErrors = decodeCompleteCommand(await this.#call(completeCommandRequest(commandId, outcome)));
    if (userErrors.length > 0) throw mapUserErrors('completeCommand', userErrors);
  }

  async customization(known?: CustomizationPartHashes): Promise<CustomizationOffer> {
    this.#boundDevice('customization');
    return decodeCustomization(await this.#call(customizationRequest(known, this.#appVersion)), known);
  }

  async reportSync(report: SyncTrackingReport): Promise<void> {
    this.#boundDevice('reportSync');
    const userErrors = decodeReportSync(await this.#call(reportSyncRequest(report)), report.syncId);
    if (userErrors.length > 0) throw mapUserErrors('reportSync', userErrors);
  }

  async uploadSyncLog(syncId: string, text: string): Promise<void> {
    this.#boundDevice('uploadSyncLog');
    const userErrors = decodeUploadSyncLog(await this.#call(uploadSyncLogRequest(syncId, text)));
    if (userErrors.length > 0) throw mapUserErrors('uploadSyncLog', userErrors);
  }

  /**
   * The start of a sync in one request. An older bridge that has no `syncPlan` refuses the operation
   * as invalid GraphQL: that answer, on the first plan asked for, becomes `UnsupportedCapabilityError`
   * (`syncPlan`), and every later plan throws it without a request.
   */
  async syncPlan(request: SyncPlanRequest): Promise<SyncPlan> {
    this.#boundDevice('syncPlan');
    if (this.#planOffered === false) throw new UnsupportedCapabilityError('syncPlan');
    try {
      const answer = await this.#call(
        syncPlanRequest({ ...request, ...((request.appVersion ?? this.#appVersion) ? { appVersion: request.appVersion ?? this.#appVersion } : {}) }),
      );
      this.#planOffered = true;
      return decodeSyncPlan(answer, request);
    } catch (error) {
      if (this.#planOffered === undefined && FieldsyncError.is(error, 'GRAPHQL_VALIDATION_FAILED')) {
        this.#planOffered = false;
        throw new UnsupportedCapabilityError('syncPlan');
      }
      throw error;
    }
  }

  /** One call of the device API for the signed-in user, signing in first when needed. */
  async #call(request: GraphqlRequest): Promise<JsonObject> {
    this.#assertOpen(request.operationName);
    await this.#ready();
    return this.#authenticated(request);
  }

  /**
   * Sends `request` with the access token under the connector call policy: renews the session ahead
   * of expiry, and once more when the bridge refuses the token (a second refusal is
   * `AuthExpiredError`, never a loop); waits out rate limits a bounded number of times.
   */
  async #authenticated(request: GraphqlRequest): Promise<JsonObject> {
    return this.#withSession(request.operationName, (token) => this.#client.request(request, token));
  }

  /** Runs `call` with the access token under the connector call policy (see {@link #authenticated}). */
  async #withSession<T>(operationName: string, call: (accessToken: string) => Promise<T>): Promise<T> {
    const renewed = await this.#sessions.renewIfDue();
    let followedOtherRenewal = false;
    const send = async (): Promise<T> => {
      const session = this.#sessions.current();
      if (session === undefined) throw this.#closed ? new BridgeConnectorClosedError(operationName) : new AuthExpiredError();
      try {
        return await call(session.accessToken);
      } catch (error) {
        // Another call renewed the session while this one was on the wire: its token is tried once, without a renewal of this call's own.
        if (!(error instanceof UnauthenticatedError) || followedOtherRenewal || this.#sessions.current() === session) throw error;
        followedOtherRenewal = true;
        return send();
      }
    };
    return this.#policy.run({ operation: operationName, sessionRenewed: renewed, refreshSession: () => this.#sessions.renew() }, send);
  }

  /** The capabilities, signing in (or resuming the stored session) and fetching them on first use. */
  async #ready(): Promise<ConnectorCapabilities> {
    if (this.#capabilities !== undefined) return this.#capabilities;
    this.#loading ??= (async () => {
      if (this.#sessions.current() === undefined) await this.#sessions.signIn();
      const bridge = decodeCapabilities(await this.#authenticated(capabilitiesRequest));
      this.#capabilities = Object.freeze({ ...bridge });
      return this.#capabilities;
    })().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  #boundDevice(operation: string): string {
    this.#assertOpen(operation);
    if (this.#deviceId === undefined) throw new DeviceNotBoundError(operation, 'the connector has no deviceId (an admin session has no device channel)');
    return this.#deviceId;
  }

  #assertOpen(operation: string): void {
    if (this.#closed) throw new BridgeConnectorClosedError(operation);
  }
}

/** Cuts a requested page size to 1..max, as the contract asks. */
function cutPageSize(requested: number, max: number): number {
  if (!Number.isFinite(requested) || requested < 1) return 1;
  return Math.min(Math.floor(requested), max);
}

function validateOptions(options: BridgeConnectorOptions): void {
  const issues: ValidationIssue[] = [];
  try {
    const url = new URL(options.url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') issues.push({ path: 'url', message: `must be http or https, got ${url.protocol}` });
  } catch {
    issues.push({ path: 'url', message: `'${options.url}' is not a URL` });
  }
  if (typeof options.userName !== 'string' || options.userName.length === 0) issues.push({ path: 'userName', message: 'must not be empty' });
  if (options.password === undefined && options.tokens === undefined) issues.push({ path: 'password', message: 'a password or stored tokens are needed' });
  if (options.timeoutMs !== undefined && !(options.timeoutMs > 0)) issues.push({ path: 'timeoutMs', message: 'must be > 0' });
  if (options.tokens !== undefined && options.deviceId !== undefined && options.tokens.deviceId !== undefined && options.tokens.deviceId !== options.deviceId) {
    issues.push({ path: 'tokens.deviceId', message: `the stored session is bound to '${options.tokens.deviceId}', not '${options.deviceId}'` });
  }
  if (issues.length > 0) throw new ValidationError('bridge connector options', issues);
}
