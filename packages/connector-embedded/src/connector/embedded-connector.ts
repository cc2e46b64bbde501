import {
  AuthExpiredError,
  BatchTooLargeError,
  ConnectorCallPolicy,
  ContractViolationError,
  RateLimitedError,
  type ApiUsage,
  type AttachmentContent,
  type AttachmentRef,
  type AttachmentUpload,
  type ByteRange,
  type ConnectorCapabilities,
  type CountRequest,
  type CrmConnector,
  type DeletesPage,
  type EntityCounts,
  type FailureClassifier,
  type PermissionSet,
  type ReadDeletesRequest,
  type ReadPageRequest,
  type RecordPage,
  type RemovedRecord,
  type Session,
  type SharingChanges,
  type SharingChangesRequest,
  type WhoAmI,
  type WriteBatch,
  type WriteResult,
  RangeNotSatisfiableError,
} from '@fieldsync/connector-api';
import type { CrmStore, Principal, ReadChangesPage, SessionTokens, Tombstone } from '@fieldsync/crm-store';
import { FieldsyncError, UnknownEntityError, type EntitySchema, type Schema } from '@fieldsync/model';
import { anchorVersion, decodeEmbeddedAnchor, encodeEmbeddedAnchor } from '../anchor/embedded-anchor';
import { ConnectorClosedError } from '../errors/connector-closed-error';
import { mapStoreError } from '../errors/map-store-error';
import { passThroughTransport, type EmbeddedCall, type EmbeddedTransport } from '../transport/embedded-transport';
import { validateRecords } from '../validation/validate-records';
import type { EmbeddedConnectorConfig } from './embedded-connector-config';

const isAuthRefusal = (error: unknown): boolean => FieldsyncError.is(error, 'STORE_AUTH_EXPIRED') || FieldsyncError.is(error, 'STORE_AUTH_INVALID');

/** The store refuses a token with its auth codes; a transport throttles with `RateLimitedError`; nothing here is sent again as transient. */
const embeddedFailures: FailureClassifier = {
  isSessionExpired: isAuthRefusal,
  throttleDelayMs: (error) => (error instanceof RateLimitedError ? error.retryAfterMs : undefined),
  isTransient: () => false,
};

/** Tombstones are listed in pages of this size while merging them into an incremental read. */
const TOMBSTONE_PAGE = 1_000;

/**
 * A {@link CrmConnector} over the reference CRM for one user. Every call authenticates with the
 * session token through the transport; an expired token is refreshed once per call, a rate-limited
 * call is retried after its Retry-After a bounded number of times.
 */
export class EmbeddedConnector implements CrmConnector {
  readonly name = 'embedded';
  readonly capabilities: ConnectorCapabilities;
  readonly #store: CrmStore;
  readonly #userName: string;
  readonly #password: string;
  readonly #actAsUserId: string | undefined;
  readonly #transport: EmbeddedTransport;
  readonly #policy: ConnectorCallPolicy;
  #tokens: SessionTokens | undefined;
  #closed = false;

  constructor(config: EmbeddedConnectorConfig) {
    this.#store = config.store;
    if (config.actAsUserId === undefined && (config.userName === undefined || config.password === undefined)) {
      throw new FieldsyncError('INVALID_CONNECTOR_CONFIG', 'the embedded connector needs userName and password, or actAsUserId', { field: 'userName' });
    }
    this.#userName = config.userName ?? '';
    this.#password = config.password ?? '';
    this.#actAsUserId = config.actAsUserId;
    this.#transport = config.transport ?? passThroughTransport;
    this.#policy = new ConnectorCallPolicy({
      classifier: embeddedFailures,
      limits: { maxRateLimitRetries: config.retry?.maxRateLimitRetries, maxRetryAfterMs: config.retry?.maxRetryAfterMs },
      clock: config.clock ?? config.store.clock,
    });
    this.capabilities = Object.freeze({
      maxBatchSize: config.maxBatchSize ?? 1_000,
      maxPageSize: config.maxPageSize ?? 5_000,
      clientAssignedIds: true,
      idFormat: 'guid',
      sharedRecords: true,
      visibilityChanges: true,
      fieldLevelSecurity: true,
      attachments: true,
      attachmentRanges: true,
      deletesRetentionDays: config.deletesRetentionDays ?? 30,
    });
  }

  async signIn(): Promise<Session> {
    this.#assertOpen('signIn');
    if (this.#actAsUserId !== undefined) return { accessToken: '', expiresAt: Number.MAX_SAFE_INTEGER, userId: this.#actAsUserId };
    try {
      this.#tokens = await this.#send({ operation: 'signIn' }, () => this.#store.signIn(this.#userName, this.#password));
    } catch (error) {
      throw mapStoreError(error);
    }
    return this.#session();
  }

  async refreshSession(): Promise<Session> {
    this.#assertOpen('refreshSession');
    if (this.#actAsUserId !== undefined) return this.signIn();
    const tokens = this.#tokens;
    if (!tokens) throw new AuthExpiredError('no session to refresh: sign in first');
    try {
      this.#tokens = await this.#send({ operation: 'refresh' }, () => this.#store.refresh(tokens.refreshToken));
    } catch (error) {
      if (isAuthRefusal(error)) throw new AuthExpiredError(`the session refresh was refused: ${(error as Error).message}`);
      throw mapStoreError(error);
    }
    return this.#session();
  }

  async whoAmI(): Promise<WhoAmI> {
    return this.#call({ operation: 'whoAmI' }, async (principal) => {
      const user = await this.#store.getUser(principal.userId);
      if (!user) throw new ContractViolationError(`the signed-in user ${principal.userId} does not exist`, 'whoAmI');
      return {
        userId: user.id,
        userName: user.userName,
        businessUnitId: principal.businessUnitId,
        organizationId: await this.#store.organizationId(),
      };
    });
  }

  async describe(entities?: readonly string[]): Promise<Schema> {
    return this.#call({ operation: 'describe' }, async (principal) => {
      const schema = this.#store.schema();
      const selected = entities ? entities.map((name, index) => this.#entity(name, `entities[${index}]`)) : schema.entities;
      const permissions = await this.#store.permissions(principal);
      return {
        entities: selected
          .filter((entity) => (permissions.entities[entity.name]?.read ?? 'none') !== 'none')
          .map((entity) => ({
            ...entity,
            fields: entity.fields.filter((field) => permissions.fields[entity.name]?.[field.name]?.read !== false),
          })),
      };
    });
  }

  async count(request: CountRequest): Promise<EntityCounts> {
    const entity = this.#entity(request.entity);
    const since = request.since === undefined ? undefined : anchorVersion(decodeEmbeddedAnchor(request.since, entity.name));
    return this.#call({ operation: 'count', entity: entity.name }, async (principal) => {
      const counts = await this.#store.count(principal, { entity: entity.name, filter: request.filter, afterVersion: since });
      return since === undefined
        ? { matching: counts.matching }
        : { matching: counts.matching, changedSince: counts.changedSince ?? 0, deletedSince: counts.deletedSince ?? 0 };
    });
  }

  async readPage(request: ReadPageRequest): Promise<RecordPage> {
    const entity = this.#entity(request.entity);
    const pageSize = this.#pageSize(request.pageSize);
    const anchor = request.anchor === undefined ? undefined : decodeEmbeddedAnchor(request.anchor, entity.name);
    if (anchor?.phase === 'changes') return this.#readChanges(entity, anchor.v, request, pageSize);
    // The version is taken before the first page, so changes made during the full read are read after it.
    const { start, page } = await this.#call({ operation: 'readPage', entity: entity.name }, async (principal) => ({
      start: anchor?.start ?? (await this.#store.currentVersion()),
      page: await this.#store.readFull(principal, {
        entity: entity.name,
        filter: request.filter,
        fields: request.fields,
        afterId: anchor?.afterId,
        limit: pageSize,
      }),
    }));
    validateRecords(page.records, entity, pageSize, 'readFull');
    if (page.done) {
      return { records: page.records, removed: [], done: true, nextAnchor: encodeEmbeddedAnchor({ phase: 'changes', entity: entity.name, v: start }) };
    }
    if (typeof page.lastId !== 'string') throw new ContractViolationError('an unfinished page has no lastId', 'readFull');
    const nextAnchor = encodeEmbeddedAnchor({ phase: 'full', entity: entity.name, start, afterId: page.lastId });
    return { records: page.records, removed: [], done: false, nextAnchor };
  }

  async readDeletes(request: ReadDeletesRequest): Promise<DeletesPage> {
    const entity = this.#entity(request.entity);
    const since = anchorVersion(decodeEmbeddedAnchor(request.since, entity.name));
    const limit = this.#pageSize(request.pageSize ?? this.capabilities.maxPageSize);
    const page = await this.#call({ operation: 'readDeletes', entity: entity.name }, (principal) =>
      this.#store.deletesSince(principal, { entity: entity.name, afterVersion: since, afterCursor: request.cursor, limit }),
    );
    if (page.deleted.length > limit) throw new ContractViolationError(`${page.deleted.length} deletes exceed the page size ${limit}`, 'deletesSince');
    return {
      deleted: page.deleted.map((tombstone) => ({ id: tombstone.id, deletedAt: tombstone.deletedAt })),
      ...(page.cursor === undefined ? {} : { cursor: page.cursor }),
    };
  }

  async readSharingChanges(request: SharingChangesRequest): Promise<SharingChanges> {
    const entity = this.#entity(request.entity);
    const since = anchorVersion(decodeEmbeddedAnchor(request.since, entity.name));
    const changes = await this.#call({ operation: 'readSharingChanges', entity: entity.name }, (principal) =>
      this.#store.sharingChangesSince(principal, { entity: entity.name, afterVersion: since, filter: request.filter, fields: request.fields }),
    );
    validateRecords(changes.gained, entity, Number.MAX_SAFE_INTEGER, 'sharingChangesSince');
    if (!Array.isArray(changes.lost) || changes.lost.some((id) => typeof id !== 'string')) {
      throw new ContractViolationError('lost is not a list of ids', 'sharingChangesSince');
    }
    return { gained: changes.gained, lost: changes.lost };
  }

  async writeBatch(batch: WriteBatch): Promise<WriteResult[]> {
    const { operations } = batch;
    if (operations.length > this.capabilities.maxBatchSize) throw new BatchTooLargeError(operations.length, this.capabilities.maxBatchSize);
    if (operations.length === 0) return [];
    const results = await this.#call({ operation: 'write' }, (principal) => this.#store.write(principal, operations, { allOrNone: batch.allOrNone ?? false }));
    if (results.length !== operations.length) {
      throw new ContractViolationError(`${results.length} results for ${operations.length} operations`, 'write');
    }
    results.forEach((result, index) => {
      if (result.idempotencyKey !== operations[index].idempotencyKey) {
        throw new ContractViolationError(`result idempotency key differs from the operation's`, `write.results[${index}]`);
      }
    });
    return results;
  }

  async permissions(): Promise<PermissionSet> {
    return this.#call({ operation: 'permissions' }, async (principal) => {
      const permissions = await this.#store.permissions(principal);
      return { entities: permissions.entities, fields: permissions.fields, teams: permissions.teams };
    });
  }

  async readAttachment(ref: AttachmentRef, range?: ByteRange): Promise<AttachmentContent> {
    const entity = this.#entity(ref.entity);
    try {
      return await this.#call({ operation: 'readAttachment', entity: entity.name }, (principal) =>
        this.#store.readAttachment(principal, { entity: entity.name, id: ref.id, range, ...(ref.kind === 'image' ? { kind: 'image' as const } : {}) }),
      );
    } catch (error) {
      if (FieldsyncError.is(error, 'STORE_RANGE_INVALID')) {
        const size = (error as FieldsyncError).details.size;
        throw new RangeNotSatisfiableError(typeof size === 'number' ? size : -1, (error as FieldsyncError).message);
      }
      throw error;
    }
  }

  async writeAttachment(ref: AttachmentRef, upload: AttachmentUpload): Promise<{ readonly size: number; readonly version: string }> {
    const entity = this.#entity(ref.entity);
    const body = await collectBytes(upload.body);
    return this.#call({ operation: 'writeAttachment', entity: entity.name }, (principal) =>
      this.#store.putAttachment(principal, {
        entity: entity.name,
        id: ref.id,
        ...(ref.kind === 'image' ? { kind: 'image' as const } : {}),
        fileName: upload.fileName,
        mimeType: upload.mimeType,
        body,
        idempotencyKey: upload.idempotencyKey,
      }),
    );
  }

  async apiUsage(): Promise<ApiUsage> {
    this.#assertOpen('apiUsage');
    if (this.#actAsUserId === undefined && !this.#tokens) await this.signIn();
    const usage = this.#store.apiUsage(this.#actAsUserId ?? (this.#tokens as SessionTokens).userId);
    return { used: usage.used, limit: usage.limit, windowMs: usage.windowMs };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#tokens = undefined;
  }

  /** One incremental page: changes after `after`, with the deletes of the same version span as removals. */
  async #readChanges(entity: EntitySchema, after: number, request: ReadPageRequest, pageSize: number): Promise<RecordPage> {
    const { top, changes, tombstones } = await this.#call({ operation: 'readPage', entity: entity.name }, async (principal) => {
      const top = await this.#store.currentVersion();
      const changes = await this.#store.readChanges(principal, {
        entity: entity.name,
        afterVersion: after,
        filter: request.filter,
        fields: request.fields,
        limit: pageSize,
      });
      return { top, changes, tombstones: await this.#tombstones(principal, entity.name, after, changesUpTo(changes, top)) };
    });
    validateRecords(changes.records, entity, pageSize, 'readChanges');
    const upTo = changesUpTo(changes, top);
    if (!Number.isSafeInteger(upTo) || upTo < after) {
      throw new ContractViolationError(`lastVersion ${changes.lastVersion} is before the anchor's ${after}`, 'readChanges');
    }
    const removed = new Map<string, RemovedRecord>();
    for (const removal of changes.removed) removed.set(removal.id, { id: removal.id, reason: removal.reason });
    for (const tombstone of tombstones) removed.set(tombstone.id, { id: tombstone.id, reason: 'deleted' });
    const returned = new Set(changes.records.map((record) => record.id));
    return {
      records: changes.records,
      removed: [...removed.values()].filter((removal) => !returned.has(removal.id)),
      nextAnchor: encodeEmbeddedAnchor({ phase: 'changes', entity: entity.name, v: upTo }),
      done: changes.done,
    };
  }

  /** Tombstones with a version in (after, upTo]. */
  async #tombstones(principal: Principal, entity: string, after: number, upTo: number): Promise<Tombstone[]> {
    const found: Tombstone[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await this.#store.deletesSince(principal, { entity, afterVersion: after, afterCursor: cursor, limit: TOMBSTONE_PAGE });
      for (const tombstone of page.deleted) {
        if (tombstone.version > upTo) return found;
        found.push(tombstone);
      }
      if (page.cursor === undefined || page.deleted.length === 0) return found;
      cursor = page.cursor;
    }
  }

  /**
   * Runs one authenticated call under the connector call policy: an expired session is refreshed
   * once (then `AuthExpiredError`), a rate-limited call waits out its Retry-After a bounded number of times.
   */
  async #call<T>(call: EmbeddedCall, run: (principal: Principal) => Promise<T>): Promise<T> {
    this.#assertOpen(call.operation);
    const actAs = this.#actAsUserId;
    try {
      if (actAs !== undefined) return await this.#send(call, async () => run(await this.#store.principalOf(actAs)));
      if (!this.#tokens) await this.signIn();
      return await this.#policy.run({ operation: call.operation, refreshSession: () => this.refreshSession() }, () =>
        this.#transport.send(call, async () => run(await this.#store.authenticate((this.#tokens as SessionTokens).accessToken))),
      );
    } catch (error) {
      throw mapStoreError(error, call.entity);
    }
  }

  /** Sends one call without a session to refresh (sign-in, refresh, act-as), waiting out rate limits under the policy. */
  #send<T>(call: EmbeddedCall, run: () => Promise<T>): Promise<T> {
    return this.#policy.run({ operation: call.operation }, () => this.#transport.send(call, run));
  }

  #entity(name: string, path = 'entity'): EntitySchema {
    const entity = this.#store.schema().entities.find((candidate) => candidate.name === name);
    if (!entity) throw new UnknownEntityError(name, path);
    return entity;
  }

  #pageSize(requested: number): number {
    if (!Number.isFinite(requested) || requested < 1) return 1;
    return Math.min(Math.floor(requested), this.capabilities.maxPageSize);
  }

  #session(): Session {
    const tokens = this.#tokens as SessionTokens;
    return { accessToken: tokens.accessToken, expiresAt: tokens.expiresAt, userId: tokens.userId };
  }

  #assertOpen(operation: string): void {
    if (this.#closed) throw new ConnectorClosedError(operation);
  }
}

/** A finished read has seen every change up to `top` at least; an unfinished one only up to its last version. */
function changesUpTo(changes: ReadChangesPage, top: number): number {
  return changes.done ? Math.max(changes.lastVersion, top) : changes.lastVersion;
}

async function collectBytes(body: Uint8Array | AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}
