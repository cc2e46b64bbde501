import {
  BatchTooLargeError,
  ContractViolationError,
  FullResyncRequiredError,
  PermissionDeniedError,
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
  type EntityPrivileges,
  type FieldPermission,
  type PermissionSet,
  type ReadDeletesRequest,
  type ReadPageRequest,
  type RecordPage,
  type RemovedRecord,
  type Session,
  type WhoAmI,
  type WriteBatch,
  type WriteResult,
} from '@fieldsync/connector-api';
import {
  FieldsyncError,
  UnknownEntityError,
  UnknownFieldError,
  compileFilterToSoql,
  linkedEntities,
  type CrmRecord,
  type FilterNode,
  type Schema,
} from '@fieldsync/model';
import { SalesforceAttachments } from '../attachments/salesforce-attachments';
import { anchorInstant, decodeSalesforceAnchor, encodeSalesforceAnchor, type ModstampCursor, type SalesforceAnchor } from '../anchor/salesforce-anchor';
import type { SalesforceConnectorConfig } from '../config/salesforce-connector-config';
import { ConnectorClosedError } from '../errors/connector-closed-error';
import { canonicalInstant, toCrmRecord, type SalesforceRecord } from '../schema/convert-record';
import { defaultModelName, mapSObjectDescribe, type SObjectNaming } from '../schema/map-sobject-describe';
import type { SalesforceSObjectDescribe } from '../schema/salesforce-describe';
import type { SObjectMapping } from '../schema/sobject-mapping';
import { OBJECT_PERMISSION_FIELDS, privilegesFromObjectPermissions, type ObjectPermissionFlags } from '../schema/object-permission-depths';
import { afterModstamp, buildQuery, modstampFrom } from '../soql/build-query';
import { soqlId } from '../soql/soql-literals';
import { clockOf, salesforceClientFor, type SalesforceAnswer, type SalesforceClient, type SalesforceRequest } from './salesforce-client';
import type { SalesforceErrorContext } from '../errors/map-salesforce-error';
import { SalesforceWriter } from '../write/salesforce-writer';

/** A query answer page. */
interface QueryAnswer {
  readonly totalSize: number;
  readonly done: boolean;
  readonly nextRecordsUrl?: string;
  readonly records: readonly SalesforceRecord[];
}

/** A getDeleted answer. */
interface DeletedAnswer {
  readonly deletedRecords: readonly { readonly id: string; readonly deletedDate: string }[];
  readonly earliestDateAvailable?: string;
  readonly latestDateCovered?: string;
}

const DAY_MS = 86_400_000;
/** The precision of SystemModstamp. */
const SECOND_MS = 1_000;
/** Salesforce's limit on a base64 body in a JSON record (37.5 MiB of file). */
const DEFAULT_MAX_ATTACHMENT_BYTES = 37.5 * 1024 * 1024;
/** Ids per `Id IN (...)` list, so a query stays well inside SOQL's 100,000 characters and URL limits. */
const IN_CHUNK = 200;

/** Salesforce says whether, not how far: allowed is organization depth (docs/decisions/088). */
/**
 * A {@link CrmConnector} over the Salesforce REST API through jsforce, for the user whose credentials
 * it holds. sObjects are discovered with describe; filters are compiled to SOQL and run on the
 * server; full reads page with query locators; incremental reads use a `(SystemModstamp, Id)` cursor
 * started `lookBackMs` before the last anchor, with getDeleted merged in as removals; writes go
 * through sObject Collections (see docs/connectors/salesforce.md and decisions 085–089).
 */
export class SalesforceConnector implements CrmConnector {
  readonly name = 'salesforce';
  readonly capabilities: ConnectorCapabilities;
  readonly #config: SalesforceConnectorConfig;
  readonly #client: SalesforceClient;
  readonly #writer: SalesforceWriter;
  readonly #attachments: SalesforceAttachments;
  readonly #lookBackMs: number;
  readonly #now: () => number;
  readonly #naming: SObjectNaming;
  #global: Promise<readonly { name: string; keyPrefix?: string | null; queryable?: boolean }[]> | undefined;
  readonly #describes = new Map<string, Promise<SObjectMapping>>();
  /** Model entity by key prefix (the first three characters of a Salesforce Id), for polymorphic lookups. */
  readonly #prefixes = new Map<string, string>();
  #closed = false;

  constructor(config: SalesforceConnectorConfig) {
    if (typeof config.loginUrl !== 'string' || !/^https?:\/\//.test(config.loginUrl)) {
      throw new FieldsyncError('INVALID_CONNECTOR_CONFIG', 'the Salesforce connector needs an http(s) loginUrl', { field: 'loginUrl' });
    }
    const maxBatchSize = config.maxBatchSize ?? 200;
    if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1 || maxBatchSize > 200) {
      throw new FieldsyncError('INVALID_CONNECTOR_CONFIG', 'maxBatchSize must be a whole number from 1 to 200 (the sObject Collections limit)', {
        field: 'maxBatchSize',
      });
    }
    this.#config = Object.freeze({ ...config });
    this.#lookBackMs = config.lookBackMs ?? 60_000;
    const clock = clockOf(config);
    this.#now = () => clock.now();
    this.#client = salesforceClientFor({ ...config, clock });
    const bySObject = new Map<string, string>();
    for (const [entity, mapping] of Object.entries(config.entities ?? {})) bySObject.set(mapping.sObject.toLowerCase(), entity);
    this.#naming = {
      entityOf: (sObject) => bySObject.get(sObject.toLowerCase()) ?? defaultModelName(sObject),
      fieldOverrides: (entity) => config.entities?.[entity]?.fields ?? {},
      typeOverrides: (entity) => config.entities?.[entity]?.fieldTypes ?? {},
    };
    this.#writer = new SalesforceWriter({
      send: (request, context, idempotent) => this.#send(request, context, idempotent),
      mapping: (entity) => this.#mapping(entity),
      toRecord: (raw, mapping, at) => this.#toRecord(raw, mapping, at),
      externalIdField: config.externalIdField,
      conditionalWrites: config.conditionalWrites ?? 'if-unmodified-since',
    });
    this.#attachments = new SalesforceAttachments({
      mapping: (entity) => this.#mapping(entity),
      fetch: (request, context, idempotent) => this.#client.fetch(request, context, idempotent),
      queryOne: async (soql, context) => (await this.#send<QueryAnswer>(this.#queryRequest(soql), context)).body.records?.[0],
      maxAttachmentBytes: config.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES,
    });
    this.capabilities = Object.freeze({
      maxBatchSize,
      maxPageSize: Math.min(config.maxPageSize ?? 2_000, 2_000),
      clientAssignedIds: false,
      sharedRecords: false,
      visibilityChanges: false,
      fieldLevelSecurity: true,
      attachments: true,
      attachmentRanges: true,
      deletesRetentionDays: config.deletesRetentionDays ?? 15,
    });
  }

  async signIn(): Promise<Session> {
    this.#assertOpen('signIn');
    return this.#client.signIn();
  }

  async refreshSession(): Promise<Session> {
    this.#assertOpen('refreshSession');
    return this.#client.refresh();
  }

  async whoAmI(): Promise<WhoAmI> {
    const { body: identity } = await this.#send<Record<string, unknown>>({ method: 'GET', url: (await this.#token()).idUrl }, { operation: 'whoAmI' });
    const userId = typeof identity.user_id === 'string' ? identity.user_id : (await this.#token()).userId;
    const organizationId = typeof identity.organization_id === 'string' ? identity.organization_id : (await this.#token()).organizationId;
    const userName = typeof identity.username === 'string' ? identity.username : typeof identity.display_name === 'string' ? identity.display_name : '';
    if (!userId || !userName) throw new ContractViolationError('the identity answer has no user_id or username', 'whoAmI');
    const unitField = this.#config.businessUnitField ?? 'UserRoleId';
    let unit: unknown;
    try {
      const { body: users } = await this.#send<QueryAnswer>(this.#queryRequest(`SELECT Id, ${unitField} FROM User WHERE Id = ${soqlId(userId)}`), {
        operation: 'whoAmI',
        entity: 'user',
      });
      unit = users.records?.[0]?.[unitField];
    } catch (error) {
      // An org (or emulator) that does not let the user query User: the organization stands for the unit.
      if (
        !FieldsyncError.is(error, 'UNKNOWN_ENTITY') &&
        !FieldsyncError.is(error, 'SALESFORCE_API_ERROR') &&
        !FieldsyncError.is(error, 'PERMISSION_DENIED') &&
        !FieldsyncError.is(error, 'CONTRACT_VIOLATION')
      )
        throw error;
    }
    return { userId, userName, businessUnitId: typeof unit === 'string' && unit.length > 0 ? unit : organizationId, organizationId };
  }

  async describe(entities?: readonly string[]): Promise<Schema> {
    this.#assertOpen('describe');
    const names = entities ?? (await this.#listedEntities());
    const mappings = await Promise.all(names.map((name, index) => this.#mapping(name, `entities[${index}]`)));
    return {
      entities: mappings
        .filter((mapping) => mapping.queryable)
        .map((mapping) => ({ ...mapping.entity, fields: mapping.entity.fields.filter((field) => mapping.fields.get(field.name)?.readable !== false) })),
    };
  }

  async count(request: CountRequest): Promise<EntityCounts> {
    const mapping = await this.#mapping(request.entity);
    const where = await this.#compileFilter(mapping, request.filter);
    const context = { operation: 'count', entity: mapping.entity.name, filtered: where !== undefined };
    const matching = (await this.#send<QueryAnswer>(this.#queryRequest(buildQuery({ select: ['COUNT()'], from: mapping.sObject, where: [where] })), context))
      .body;
    if (request.since === undefined) return { matching: this.#total(matching, 'count') };
    const anchor = decodeSalesforceAnchor(request.since, mapping.entity.name);
    const since = this.#lookedBack(anchor);
    const changed = (
      await this.#send<QueryAnswer>(this.#queryRequest(buildQuery({ select: ['COUNT()'], from: mapping.sObject, where: [modstampFrom(since)] })), context)
    ).body;
    const deleted = await this.#deleted(mapping, anchor, new Date(this.#now()).toISOString());
    return { matching: this.#total(matching, 'count'), changedSince: this.#total(changed, 'count'), deletedSince: deleted.deletedRecords.length };
  }

  async readPage(request: ReadPageRequest): Promise<RecordPage> {
    const mapping = await this.#mapping(request.entity);
    if (!mapping.queryable) throw new PermissionDeniedError(mapping.entity.name, 'read');
    const pageSize = this.#pageSize(request.pageSize);
    const anchor = request.anchor === undefined ? undefined : decodeSalesforceAnchor(request.anchor, mapping.entity.name);
    const select = this.#select(mapping, request.fields);
    const where = await this.#compileFilter(mapping, request.filter);
    if (anchor?.phase === 'changes') return this.#readChanges(mapping, anchor, select, where, pageSize, request.fields);
    const start = anchor?.start ?? new Date(this.#now()).toISOString();
    const context = { operation: 'readPage', entity: mapping.entity.name, filtered: where !== undefined };
    let answer: QueryAnswer | undefined;
    // A LIMITed page that came back full: the read goes on with `Id > lastId`.
    let keyset = false;
    if (anchor?.locator !== undefined) {
      try {
        answer = (await this.#send<QueryAnswer>({ method: 'GET', url: `/query/${anchor.locator}`, headers: this.#batchSize(pageSize) }, context)).body;
      } catch (error) {
        // A locator lives about 15 minutes; past that the read goes on from the last Id it saw.
        if (!FieldsyncError.is(error, 'CONTRACT_VIOLATION') || !String(error.message).includes('INVALID_QUERY_LOCATOR')) throw error;
      }
    }
    if (answer === undefined) {
      const after = anchor?.lastId === undefined ? undefined : `Id > ${soqlId(anchor.lastId)}`;
      // Query pages hold at least 200 records; a smaller page is a keyset query with LIMIT, so no
      // record is sent that the caller did not ask for.
      const limit = pageSize < 200 ? pageSize : undefined;
      answer = (
        await this.#send<QueryAnswer>(
          this.#queryRequest(buildQuery({ select, from: mapping.sObject, where: [where, after], orderBy: 'Id', ...(limit ? { limit } : {}) }), pageSize),
          context,
        )
      ).body;
      if (limit !== undefined) {
        const page = this.#checkPage(answer, 'query');
        if (page.records.length > limit) throw new ContractViolationError(`${page.records.length} records exceed LIMIT ${limit}`, 'query');
        keyset = page.records.length === limit;
      }
    }
    const page = this.#checkPage(answer, 'query');
    const records = page.records.slice(0, pageSize).map((raw, index) => this.#toRecord(raw, mapping, `query.records[${index}]`, request.fields));
    const lastId = records.at(-1)?.id ?? anchor?.lastId;
    if (page.records.length > pageSize || keyset) {
      return {
        records,
        removed: [],
        done: false,
        nextAnchor: encodeSalesforceAnchor({ phase: 'full', entity: mapping.entity.name, start, ...(lastId ? { lastId } : {}) }),
      };
    }
    if (page.done) {
      return { records, removed: [], done: true, nextAnchor: encodeSalesforceAnchor({ phase: 'changes', entity: mapping.entity.name, mark: start }) };
    }
    const locator = locatorOf(page.nextRecordsUrl);
    return {
      records,
      removed: [],
      done: false,
      nextAnchor: encodeSalesforceAnchor({ phase: 'full', entity: mapping.entity.name, start, ...(lastId ? { lastId } : {}), ...(locator ? { locator } : {}) }),
    };
  }

  async readDeletes(request: ReadDeletesRequest): Promise<DeletesPage> {
    const mapping = await this.#mapping(request.entity);
    const anchor = decodeSalesforceAnchor(request.since, mapping.entity.name);
    const limit = this.#pageSize(request.pageSize ?? this.capabilities.maxPageSize);
    let end = new Date(this.#now()).toISOString();
    let offset = 0;
    if (request.cursor !== undefined) {
      const match = /^(\d+)@(.+)$/.exec(request.cursor);
      if (!match || Number.isNaN(Date.parse(match[2])))
        throw new ContractViolationError(`'${request.cursor}' is not a cursor of this connector`, 'readDeletes');
      offset = Number(match[1]);
      end = match[2];
    }
    const answer = await this.#deleted(mapping, anchor, end);
    const sorted = [...answer.deletedRecords].sort((a, b) => a.deletedDate.localeCompare(b.deletedDate) || a.id.localeCompare(b.id));
    const slice = sorted.slice(offset, offset + limit);
    return {
      deleted: slice.map((entry) => ({ id: entry.id, deletedAt: canonicalInstant(entry.deletedDate) })),
      ...(offset + limit < sorted.length ? { cursor: `${offset + limit}@${end}` } : {}),
    };
  }

  async writeBatch(batch: WriteBatch): Promise<WriteResult[]> {
    this.#assertOpen('writeBatch');
    if (batch.operations.length > this.capabilities.maxBatchSize) throw new BatchTooLargeError(batch.operations.length, this.capabilities.maxBatchSize);
    if (batch.operations.length === 0) return [];
    return this.#writer.write(batch);
  }

  async readAttachment(ref: AttachmentRef, range?: ByteRange): Promise<AttachmentContent> {
    this.#assertOpen('readAttachment');
    return this.#attachments.read(ref, range);
  }

  async writeAttachment(ref: AttachmentRef, upload: AttachmentUpload): Promise<{ readonly size: number; readonly version: string }> {
    this.#assertOpen('writeAttachment');
    return this.#attachments.write(ref, upload);
  }

  async permissions(): Promise<PermissionSet> {
    this.#assertOpen('permissions');
    const names = await this.#listedEntities();
    const entities: Record<string, EntityPrivileges> = {};
    const fields: Record<string, Record<string, FieldPermission>> = {};
    const objectPermissions = await this.#objectPermissions();
    for (const name of names) {
      const mapping = await this.#mapping(name);
      entities[name] = privilegesFromObjectPermissions(
        mapping,
        objectPermissions.filter((row) => row.SobjectType === mapping.sObject),
      );
      const entityFields: Record<string, FieldPermission> = {};
      for (const [fieldName, field] of mapping.fields) {
        if (field.readable && field.createable && field.updateable) continue;
        entityFields[fieldName] = { read: field.readable, create: field.createable, update: field.updateable };
      }
      fields[name] = entityFields;
    }
    return { entities, fields, teams: [] };
  }

  async apiUsage(): Promise<ApiUsage> {
    this.#assertOpen('apiUsage');
    const seen = this.#client.lastUsage();
    if (seen) return seen;
    const { body } = await this.#send<Record<string, { Max?: number; Remaining?: number }>>({ method: 'GET', url: '/limits' }, { operation: 'apiUsage' });
    const daily = body.DailyApiRequests;
    if (typeof daily?.Max !== 'number' || typeof daily.Remaining !== 'number') throw new ContractViolationError('limits has no DailyApiRequests', 'apiUsage');
    return this.#client.lastUsage() ?? { used: daily.Max - daily.Remaining, limit: daily.Max, windowMs: DAY_MS };
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  /**
   * The signed-in user's `ObjectPermissions` rows, across the permission sets assigned to them (two
   * queries; the semi-join form is not needed). An org that does not let the user read them gives none,
   * and permissions fall back to owner-and-sharing reach (docs/decisions/081).
   */
  async #objectPermissions(): Promise<ObjectPermissionFlags[]> {
    const context = { operation: 'permissions' };
    try {
      const userId = (await this.#token()).userId;
      const assignments = this.#checkPage(
        (await this.#send<QueryAnswer>(this.#queryRequest(`SELECT PermissionSetId FROM PermissionSetAssignment WHERE AssigneeId = ${soqlId(userId)}`), context))
          .body,
        'query',
      );
      const sets = assignments.records.map((raw) => raw.PermissionSetId).filter((id): id is string => typeof id === 'string');
      if (sets.length === 0) return [];
      const answer = this.#checkPage(
        (
          await this.#send<QueryAnswer>(
            this.#queryRequest(`SELECT ${OBJECT_PERMISSION_FIELDS.join(', ')} FROM ObjectPermissions WHERE ParentId IN (${sets.map(soqlId).join(', ')})`),
            context,
          )
        ).body,
        'query',
      );
      return answer.records.filter((raw): raw is Record<string, unknown> & ObjectPermissionFlags => typeof raw.SobjectType === 'string');
    } catch (error) {
      if (!FieldsyncError.is(error, 'UNKNOWN_ENTITY') && !FieldsyncError.is(error, 'SALESFORCE_API_ERROR') && !FieldsyncError.is(error, 'PERMISSION_DENIED'))
        throw error;
      return [];
    }
  }

  /** One page of an incremental read: changed records after the cursor, and (on its first page) the deletes. */
  async #readChanges(
    mapping: SObjectMapping,
    anchor: Extract<SalesforceAnchor, { phase: 'changes' }>,
    select: readonly string[],
    where: string | undefined,
    pageSize: number,
    fields: readonly string[] | undefined,
  ): Promise<RecordPage> {
    const entity = mapping.entity.name;
    const first = anchor.cursor === undefined;
    const readStart = anchor.readStart ?? new Date(this.#now()).toISOString();
    const context = { operation: 'readPage', entity, filtered: where !== undefined };
    const removed = new Map<string, RemovedRecord>();
    let deletesFrom = anchor.deletesFrom;
    if (first) {
      const deleted = await this.#deleted(mapping, anchor, readStart);
      for (const entry of deleted.deletedRecords) removed.set(entry.id, { id: entry.id, reason: 'deleted' });
      if (deleted.latestDateCovered !== undefined) deletesFrom = canonicalInstant(deleted.latestDateCovered);
    }
    const position = anchor.cursor === undefined ? modstampFrom(this.#lookedBack(anchor)) : afterModstamp(anchor.cursor);
    const order = 'SystemModstamp, Id';
    let records: CrmRecord[];
    let cursor: ModstampCursor | undefined;
    let count: number;
    if (where === undefined) {
      const answer = this.#checkPage(
        (
          await this.#send<QueryAnswer>(
            this.#queryRequest(buildQuery({ select, from: mapping.sObject, where: [position], orderBy: order, limit: pageSize }), pageSize),
            context,
          )
        ).body,
        'query',
      );
      records = answer.records.map((raw, index) => this.#toRecord(raw, mapping, `query.records[${index}]`, fields));
      count = records.length;
      const last = records.at(-1);
      cursor = last ? { ts: last.version as string, id: last.id } : undefined;
    } else {
      // Changed records are listed without the filter, so that a record edited out of the filter is
      // reported as a removal; the filter then runs on the server over the page's ids.
      const changed = this.#checkPage(
        (
          await this.#send<QueryAnswer>(
            this.#queryRequest(
              buildQuery({ select: ['Id', 'SystemModstamp'], from: mapping.sObject, where: [position], orderBy: order, limit: pageSize }),
              pageSize,
            ),
            context,
          )
        ).body,
        'query',
      );
      const ids = changed.records.map((raw, index) => {
        if (typeof raw.Id !== 'string' || typeof raw.SystemModstamp !== 'string')
          throw new ContractViolationError('Id or SystemModstamp is missing', `query.records[${index}]`);
        return { id: raw.Id, ts: canonicalInstant(raw.SystemModstamp) };
      });
      count = ids.length;
      cursor = ids.at(-1);
      const matching = new Map<string, CrmRecord>();
      for (let offset = 0; offset < ids.length; offset += IN_CHUNK) {
        const chunk = ids.slice(offset, offset + IN_CHUNK).map((entry) => soqlId(entry.id));
        const answer = this.#checkPage(
          (
            await this.#send<QueryAnswer>(
              this.#queryRequest(buildQuery({ select, from: mapping.sObject, where: [where, `Id IN (${chunk.join(', ')})`] })),
              context,
            )
          ).body,
          'query',
        );
        answer.records.forEach((raw, index) => {
          const record = this.#toRecord(raw, mapping, `query.records[${index}]`, fields);
          matching.set(record.id, record);
        });
      }
      records = [];
      for (const entry of ids) {
        const record = matching.get(entry.id);
        if (record) records.push(record);
        else if (!removed.has(entry.id)) removed.set(entry.id, { id: entry.id, reason: 'filter' });
      }
    }
    const returned = new Set(records.map((record) => record.id));
    const removals = [...removed.values()].filter((removal) => !returned.has(removal.id));
    if (count < pageSize) {
      const reached = cursor && Date.parse(cursor.ts) > Date.parse(readStart) ? cursor.ts : readStart;
      const mark = Date.parse(reached) > Date.parse(anchor.mark) ? reached : anchor.mark;
      return {
        records,
        removed: removals,
        done: true,
        nextAnchor: encodeSalesforceAnchor({ phase: 'changes', entity, mark, ...(deletesFrom ? { deletesFrom } : {}) }),
      };
    }
    return {
      records,
      removed: removals,
      done: false,
      nextAnchor: encodeSalesforceAnchor({
        phase: 'changes',
        entity,
        mark: anchor.mark,
        ...(deletesFrom ? { deletesFrom } : {}),
        readStart,
        cursor: cursor as ModstampCursor,
      }),
    };
  }

  /**
   * getDeleted from the anchor's window start to `end`. When the recycle bin no longer reaches back to
   * what this anchor has not yet seen (its `deletesFrom`, else its instant), `FullResyncRequiredError`;
   * losing only the look-back part, which the previous read already listed, is fine.
   */
  async #deleted(mapping: SObjectMapping, anchor: SalesforceAnchor, end: string): Promise<DeletedAnswer> {
    const start = this.#deletesStart(anchor);
    if (Date.parse(start) >= Date.parse(end)) return { deletedRecords: [] };
    const url = `/sobjects/${mapping.sObject}/deleted/?start=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}`;
    const { body } = await this.#send<DeletedAnswer>({ method: 'GET', url }, { operation: 'readDeletes', entity: mapping.entity.name });
    if (typeof body !== 'object' || body === null || !Array.isArray(body.deletedRecords))
      throw new ContractViolationError('deletedRecords is missing', 'getDeleted');
    body.deletedRecords.forEach((entry, index) => {
      if (typeof entry?.id !== 'string' || typeof entry.deletedDate !== 'string')
        throw new ContractViolationError('id or deletedDate is missing', `getDeleted.deletedRecords[${index}]`);
    });
    const unseen =
      anchor.phase === 'changes' && anchor.deletesFrom !== undefined && Date.parse(anchor.deletesFrom) < Date.parse(anchor.mark)
        ? anchor.deletesFrom
        : anchorInstant(anchor);
    if (body.earliestDateAvailable !== undefined && Date.parse(body.earliestDateAvailable) > Date.parse(unseen)) {
      throw new FullResyncRequiredError(mapping.entity.name, `deletes before ${body.earliestDateAvailable} are no longer listed (needed from ${unseen})`);
    }
    return body;
  }

  /** Where the getDeleted window of the next read starts: before the look-back, and no later than the last `latestDateCovered`. */
  #deletesStart(anchor: SalesforceAnchor): string {
    const lookedBack = this.#lookedBack(anchor);
    const from = anchor.phase === 'changes' ? anchor.deletesFrom : undefined;
    return from !== undefined && Date.parse(from) < Date.parse(lookedBack) ? from : lookedBack;
  }

  /**
   * Where the next incremental window starts: `lookBackMs` before the anchor, down to the whole second.
   * SystemModstamp is to the second, so a change made later in the anchor's own second (a roll-up after
   * the device's write, a commit after the read) carries a stamp before the anchor: the boundary second
   * is always read again, whatever the look-back.
   */
  #lookedBack(anchor: SalesforceAnchor): string {
    const from = Date.parse(anchorInstant(anchor)) - this.#lookBackMs;
    return new Date(Math.floor(from / SECOND_MS) * SECOND_MS).toISOString();
  }

  #checkPage(answer: QueryAnswer, where: string): QueryAnswer {
    if (typeof answer !== 'object' || answer === null || !Array.isArray(answer.records) || typeof answer.done !== 'boolean') {
      throw new ContractViolationError('the answer is not a query page (records, done)', where);
    }
    if (!answer.done && typeof answer.nextRecordsUrl !== 'string') throw new ContractViolationError('an unfinished page has no nextRecordsUrl', where);
    return answer;
  }

  #total(answer: QueryAnswer, where: string): number {
    if (typeof answer?.totalSize !== 'number') throw new ContractViolationError('totalSize is missing', where);
    return answer.totalSize;
  }

  #toRecord(raw: SalesforceRecord, mapping: SObjectMapping, at: string, fields?: readonly string[]): CrmRecord {
    const wanted = fields === undefined ? undefined : new Set([mapping.entity.primaryKey, ...fields]);
    return toCrmRecord(raw, mapping, (id, targets) => this.#referenceEntity(id, targets), at, wanted);
  }

  #referenceEntity(id: string, targets: readonly string[]): string {
    if (targets.length === 1) return targets[0];
    const byPrefix = this.#prefixes.get(id.slice(0, 3));
    if (byPrefix !== undefined && targets.includes(byPrefix)) return byPrefix;
    return targets[0] ?? '';
  }

  #select(mapping: SObjectMapping, fields: readonly string[] | undefined): string[] {
    const wanted = fields ?? [...mapping.fields.keys()];
    const select = new Set(['Id', 'SystemModstamp']);
    wanted.forEach((name, index) => {
      const field = mapping.fields.get(name);
      if (!field) throw new UnknownFieldError(mapping.entity.name, name, `fields[${index}]`);
      if (field.readable) select.add(field.apiName);
    });
    return [...select];
  }

  async #compileFilter(mapping: SObjectMapping, filter: FilterNode | undefined): Promise<string | undefined> {
    if (filter === undefined) return undefined;
    // A link names the parent's entity: its mapping gives the API names of the parent's fields.
    const linked = linkedEntities(filter);
    const parents = await Promise.all([...linked].filter((name) => name !== mapping.entity.name).map((name) => this.#mapping(name, 'filter.entity')));
    const all = [mapping, ...parents];
    const byEntity = new Map(all.map((entry) => [entry.entity.name, entry]));
    const token = await this.#token();
    const compiled = compileFilterToSoql(
      { entity: mapping.entity.name, where: filter },
      {
        schema: { entities: all.map((entry) => entry.entity) },
        context: { clock: { now: this.#now }, userId: token.userId, businessUnitId: token.organizationId },
        fieldName: (entity, field) => byEntity.get(entity)?.fields.get(field)?.apiName ?? field,
        relationshipName: (entity, lookup) => {
          const field = byEntity.get(entity)?.fields.get(lookup);
          return field?.relationshipName ?? field?.apiName.replace(/__c$/i, '__r').replace(/Id$/, '') ?? lookup;
        },
      },
    );
    return compiled === '' ? undefined : compiled;
  }

  /** The mapping of a model entity, from its sObject's describe (cached for the connector's life). */
  async #mapping(entity: string, path = 'entity'): Promise<SObjectMapping> {
    this.#assertOpen('describe');
    let mapping = this.#describes.get(entity);
    if (!mapping) {
      mapping = this.#describeEntity(entity, path);
      this.#describes.set(entity, mapping);
      mapping.catch(() => this.#describes.delete(entity));
    }
    return mapping;
  }

  async #describeEntity(entity: string, path: string): Promise<SObjectMapping> {
    const configured = this.#config.entities?.[entity]?.sObject;
    let sObject = configured;
    if (sObject === undefined) {
      const global = await this.#globalList();
      sObject = global.find((entry) => this.#naming.entityOf(entry.name) === entity)?.name;
    }
    if (sObject === undefined) throw new UnknownEntityError(entity, path);
    const { body } = await this.#send<SalesforceSObjectDescribe>({ method: 'GET', url: `/sobjects/${sObject}/describe` }, { operation: 'describe', entity });
    if (typeof body !== 'object' || body === null || !Array.isArray(body.fields) || typeof body.name !== 'string') {
      throw new ContractViolationError('the describe answer has no name or fields', `describe ${sObject}`);
    }
    const mapping = mapSObjectDescribe(body, this.#naming);
    if (mapping.keyPrefix) this.#prefixes.set(mapping.keyPrefix, mapping.entity.name);
    return mapping;
  }

  async #globalList(): Promise<readonly { name: string; keyPrefix?: string | null; queryable?: boolean }[]> {
    if (!this.#global) {
      this.#global = this.#send<{ sobjects?: { name: string; keyPrefix?: string | null; queryable?: boolean }[] }>(
        { method: 'GET', url: '/sobjects' },
        { operation: 'describe' },
      ).then((answer) => {
        if (!Array.isArray(answer.body?.sobjects)) throw new ContractViolationError('describeGlobal has no sobjects', 'describe');
        for (const entry of answer.body.sobjects) if (entry.keyPrefix) this.#prefixes.set(entry.keyPrefix, this.#naming.entityOf(entry.name));
        return answer.body.sobjects;
      });
      this.#global.catch(() => {
        this.#global = undefined;
      });
    }
    return this.#global;
  }

  async #listedEntities(): Promise<string[]> {
    if (this.#config.sObjects) return this.#config.sObjects.map((sObject) => this.#naming.entityOf(sObject));
    const global = await this.#globalList();
    return global.filter((entry) => entry.queryable !== false).map((entry) => this.#naming.entityOf(entry.name));
  }

  async #token() {
    if (!this.#client.token) await this.#client.signIn();
    const token = this.#client.token;
    if (!token) throw new ContractViolationError('no token after sign-in', 'signIn');
    return token;
  }

  #queryRequest(soql: string, pageSize?: number): SalesforceRequest {
    return { method: 'GET', url: `/query?q=${encodeURIComponent(soql)}`, ...(pageSize === undefined ? {} : { headers: this.#batchSize(pageSize) }) };
  }

  /** Asks for pages of the wanted size (Salesforce takes 200–2,000 and treats it as a hint). */
  #batchSize(pageSize: number): Record<string, string> {
    return { 'Sforce-Query-Options': `batchSize=${Math.max(200, Math.min(2_000, pageSize))}` };
  }

  #pageSize(requested: number): number {
    if (!Number.isFinite(requested) || requested < 1) return 1;
    return Math.min(Math.floor(requested), this.capabilities.maxPageSize);
  }

  async #send<T>(request: SalesforceRequest, context: SalesforceErrorContext, idempotent?: boolean): Promise<SalesforceAnswer<T>> {
    this.#assertOpen(context.operation);
    return this.#client.send<T>(request, context, idempotent);
  }

  #assertOpen(operation: string): void {
    if (this.#closed) throw new ConnectorClosedError(operation);
  }
}

/** The locator of a `nextRecordsUrl`: everything after `/query/` (or `/queryAll/`), as the server wrote it. */
export function locatorOf(nextRecordsUrl: string | undefined): string | undefined {
  if (nextRecordsUrl === undefined) return undefined;
  const match = /\/query(?:All)?\/(.+)$/.exec(nextRecordsUrl);
  if (!match) throw new ContractViolationError(`nextRecordsUrl '${nextRecordsUrl}' has no query locator`, 'query');
  return match[1];
}
