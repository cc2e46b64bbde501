import {
  AttachmentTooLargeError,
  ContractViolationError,
  FullResyncRequiredError,
  PermissionDeniedError,
  UnsupportedCapabilityError,
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
  RangeNotSatisfiableError,
} from '@fieldsync/connector-api';
import { compileFilterToOData, FieldsyncError, linkedEntities, UnknownEntityError, type CrmRecord, type FilterNode, type Schema } from '@fieldsync/model';
import type { Agent } from 'undici';
import { decodeDynamicsAnchor, encodeDynamicsAnchor, type DynamicsAnchor } from '../anchor/dynamics-anchor';
import { decodeBase64Stream, encodeBase64Stream, jsonStringProperty, sliceBytes } from '../attachments/base64-stream';
import type { DynamicsConnectorConfig } from '../config/dynamics-connector-config';
import { AttachmentNotFoundError } from '../errors/attachment-not-found-error';
import { ConnectorClosedError } from '../errors/connector-closed-error';
import type { DynamicsErrorContext } from '../errors/map-dynamics-error';
import type { DynamicsHttpAnswer, DynamicsHttpClient } from '../http/dynamics-http-client';
import { openDynamicsTransport } from '../http/dynamics-transport';
import { LOOKUP_LOGICAL_NAME, selectList, toCrmRecord, type DataverseRecord } from '../schema/convert-record';
import { defaultEntitySetName } from '../schema/default-entity-set-name';
import type { AttributeDefinition, EntityDefinition } from '../schema/entity-definition';
import type { EntityMapping } from '../schema/entity-mapping';
import { mapEntityDefinition } from '../schema/map-entity-definition';
import { fieldPermissionsOf, privilegesFromRolePrivileges, type AttributePrivilege, type RolePrivilege } from '../schema/privilege-depths';
import { DynamicsWriter } from '../write/dynamics-writer';
import { validateDynamicsConfig, type ResolvedDynamicsConfig } from './validate-dynamics-config';
import { deletedRowId, readODataPage, type ODataPage } from './odata-page';
import { pageWholeDelta } from './page-whole-delta';

const ENTITY_DEFINITION_FIELDS = [
  'LogicalName',
  'EntitySetName',
  'PrimaryIdAttribute',
  'PrimaryNameAttribute',
  'ChangeTrackingEnabled',
  'SchemaName',
  'IsIntersect',
  'IsActivity',
];
/** Ids per `(pk eq … or …)` list when a page of changes is run through the filter on the server. */
const ID_CHUNK = 50;
/** Page size of the key-only change-tracking scan that takes a delta token. */
const SCAN_PAGE = 5_000;
/** RetrievePrincipalAccess calls in flight at once while removals of a delta page are told apart. */
const PRINCIPAL_ACCESS_CONCURRENCY = 6;
/** What every page of a read asks for: the columns, the filter in OData, the fields kept, the page size, and the call context. */
interface PageRead {
  readonly select: readonly string[];
  readonly where: string | undefined;
  readonly wanted: ReadonlySet<string> | undefined;
  readonly pageSize: number;
  readonly context: DynamicsErrorContext;
}

/** A delta page's rows: changed records, and the ids of `$deletedEntity` rows. */
function splitDeltaRows(page: ODataPage, mapping: EntityMapping, wanted: ReadonlySet<string> | undefined): { changed: CrmRecord[]; gone: string[] } {
  const changed: CrmRecord[] = [];
  const gone: string[] = [];
  page.value.forEach((row, index) => {
    const deleted = deletedRowId(row);
    if (deleted !== undefined) gone.push(deleted);
    else changed.push(toCrmRecord(row, mapping, `readPage ${mapping.entity.name}[${index}]`, wanted));
  });
  return { changed, gone };
}

const NO_PRIVILEGES: EntityPrivileges = { create: 'none', read: 'none', write: 'none', delete: 'none', append: 'none', appendTo: 'none' };

/**
 * A {@link CrmConnector} over the Dataverse Web API v9.2 (undici, tokens from msal-node) for the identity
 * its credentials name. Entities come from `EntityDefinitions`; full reads run the filter compiled to
 * OData on the server and follow nextLinks; incremental reads follow change-tracking delta links
 * (or `versionnumber` where change tracking is off); writes go through `$batch` (see
 * docs/connectors/dynamics.md and decisions 095–099).
 */
export class DynamicsConnector implements CrmConnector {
  readonly name = 'dynamics';
  readonly capabilities: ConnectorCapabilities;
  readonly #config: ResolvedDynamicsConfig;
  readonly #agent: Agent;
  readonly #client: DynamicsHttpClient;
  readonly #writer: DynamicsWriter;
  readonly #mappings = new Map<string, Promise<EntityMapping>>();
  readonly #setNames = new Map<string, string>();
  #who: Promise<WhoAmI> | undefined;
  #closed = false;

  constructor(config: DynamicsConnectorConfig) {
    this.#config = validateDynamicsConfig(config);
    ({ agent: this.#agent, client: this.#client } = openDynamicsTransport(config, this.#config));
    this.#writer = new DynamicsWriter({
      client: this.#client,
      apiUrl: this.#config.apiUrl,
      mapping: (entity) => this.#mapping(entity),
      entitySetOf: (entity) => this.#setNames.get(entity) ?? defaultEntitySetName(entity),
      maxRequestsPerBatch: this.#config.maxRequestsPerBatch,
      readRecord: (mapping, id) => this.#readRecord(mapping, id),
    });
    this.capabilities = Object.freeze({
      maxBatchSize: this.#config.maxBatchSize,
      maxPageSize: this.#config.maxPageSize,
      clientAssignedIds: true,
      idFormat: 'guid',
      sharedRecords: false,
      visibilityChanges: true,
      fieldLevelSecurity: true,
      attachments: true,
      attachmentRanges: true,
      deletesRetentionDays: this.#config.changeTrackingRetentionDays,
    });
  }

  async signIn(): Promise<Session> {
    this.#assertOpen('signIn');
    const token = await this.#client.token();
    this.#who = undefined;
    const me = await this.whoAmI();
    return { accessToken: token.accessToken, expiresAt: token.expiresAt, userId: me.userId };
  }

  async refreshSession(): Promise<Session> {
    this.#assertOpen('refreshSession');
    const token = await this.#client.refreshToken();
    const me = await this.whoAmI();
    return { accessToken: token.accessToken, expiresAt: token.expiresAt, userId: me.userId };
  }

  async whoAmI(): Promise<WhoAmI> {
    this.#assertOpen('whoAmI');
    const me = this.#readWhoAmI();
    this.#who = me;
    me.catch(() => {
      if (this.#who === me) this.#who = undefined;
    });
    return me;
  }

  /** Who the token belongs to, asked once and remembered (filters and privileges need the user id). */
  async #identity(): Promise<WhoAmI> {
    return this.#who ?? this.whoAmI();
  }

  async describe(entities?: readonly string[]): Promise<Schema> {
    this.#assertOpen('describe');
    const names = entities ?? this.#config.entities ?? (await this.#listEntities());
    const mappings = await Promise.all(names.map((name, index) => this.#mapping(name, `entities[${index}]`)));
    return { entities: mappings.map((mapping) => mapping.entity) };
  }

  async count(request: CountRequest): Promise<EntityCounts> {
    const mapping = await this.#mapping(request.entity);
    const where = await this.#compileFilter(mapping, request.filter);
    const context = { operation: 'count', entity: mapping.entity.name, filtered: where !== undefined };
    const matching = await this.#countMatching(mapping, where, context);
    if (request.since === undefined) return { matching };
    const anchor = decodeDynamicsAnchor(request.since, mapping.entity.name);
    const delta = this.#finishedDelta(anchor);
    if (delta !== undefined) {
      let changedSince = 0;
      let deletedSince = 0;
      for (let link: string | undefined = delta; link !== undefined;) {
        const page = await this.#get(link, { ...context, filtered: false }, this.#prefer({ track: true, pageSize: SCAN_PAGE }));
        const gone = page.value.map(deletedRowId).filter((id): id is string => id !== undefined);
        changedSince += page.value.length - gone.length;
        // A record the user can no longer read is a visibility change, not a delete.
        for (const removal of await this.#classifyRemovals(mapping, gone, context)) {
          if (removal.reason === 'deleted') deletedSince++;
          else changedSince++;
        }
        link = page.nextLink;
      }
      return { matching, changedSince, deletedSince };
    }
    const mark = anchor.phase === 'versions' || anchor.phase === 'full' ? (anchor.mark ?? '0') : '0';
    const changedSince = await this.#countMatching(mapping, `versionnumber gt ${mark}`, context);
    return { matching, changedSince, deletedSince: 0 };
  }

  async readPage(request: ReadPageRequest): Promise<RecordPage> {
    const mapping = await this.#mapping(request.entity);
    const pageSize = this.#pageSize(request.pageSize);
    const anchor = request.anchor === undefined ? undefined : decodeDynamicsAnchor(request.anchor, mapping.entity.name);
    const where = await this.#compileFilter(mapping, request.filter);
    const select = selectList(mapping, request.fields, mapping.changeTracking ? [] : ['versionnumber']);
    const wanted = request.fields === undefined ? undefined : new Set([mapping.entity.primaryKey, ...request.fields]);
    const context = { operation: 'readPage', entity: mapping.entity.name, filtered: where !== undefined };
    const read: PageRead = { select, where, wanted, pageSize, context };
    if (anchor === undefined || anchor.phase === 'full') return this.#readFull(mapping, anchor, read);
    if (anchor.phase === 'changes') return this.#readDelta(mapping, anchor, read);
    return this.#readVersions(mapping, anchor, read);
  }

  async readDeletes(request: ReadDeletesRequest): Promise<DeletesPage> {
    const mapping = await this.#mapping(request.entity);
    const anchor = decodeDynamicsAnchor(request.since, mapping.entity.name);
    const delta = this.#finishedDelta(anchor);
    // Without change tracking Dataverse lists no deletes (decision 096).
    if (delta === undefined) return { deleted: [] };
    const pageSize = Math.max(1, Math.min(request.pageSize ?? this.capabilities.maxPageSize, this.capabilities.maxPageSize));
    const offset = request.cursor === undefined ? 0 : Number(request.cursor);
    if (!Number.isInteger(offset) || offset < 0) throw new ContractViolationError(`cursor '${request.cursor}' is not one this connector made`, 'readDeletes');
    const context = { operation: 'readDeletes', entity: mapping.entity.name };
    const ids: string[] = [];
    for (let link: string | undefined = delta; link !== undefined;) {
      const page = await this.#get(link, context, this.#prefer({ track: true, pageSize: SCAN_PAGE }));
      const gone = page.value.map(deletedRowId).filter((id): id is string => id !== undefined);
      for (const removal of await this.#classifyRemovals(mapping, gone, context)) if (removal.reason === 'deleted') ids.push(removal.id);
      link = page.nextLink;
    }
    // The $deletedEntity rows carry no time; the read's time stands for it (decision 096).
    const deletedAt = new Date(this.#config.now()).toISOString();
    const slice = ids.slice(offset, offset + pageSize);
    return { deleted: slice.map((id) => ({ id, deletedAt })), ...(offset + pageSize < ids.length ? { cursor: String(offset + pageSize) } : {}) };
  }

  async writeBatch(batch: WriteBatch): Promise<WriteResult[]> {
    this.#assertOpen('writeBatch');
    return this.#writer.write(batch, this.capabilities.maxBatchSize);
  }

  async permissions(): Promise<PermissionSet> {
    this.#assertOpen('permissions');
    const me = await this.#identity();
    const context = { operation: 'permissions' };
    const answer = await this.#client.send({ method: 'GET', url: `systemusers(${me.userId})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges` }, context);
    const rows = (this.#json(answer, 'RetrieveUserPrivileges') as { RolePrivileges?: unknown }).RolePrivileges;
    if (!Array.isArray(rows)) throw new ContractViolationError('RolePrivileges is missing', 'RetrieveUserPrivileges');
    const bySchemaName = privilegesFromRolePrivileges(rows as RolePrivilege[]);
    const names = this.#config.entities ?? (await this.#listEntities());
    const entities: Record<string, EntityPrivileges> = {};
    const secured = new Map<string, { entity: string; field: string }>();
    for (const name of names) {
      const mapping = await this.#mapping(name);
      entities[name] = bySchemaName.get(mapping.schemaName.toLowerCase()) ?? bySchemaName.get(name) ?? NO_PRIVILEGES;
      for (const [metadataId, field] of mapping.securedFields) secured.set(metadataId, { entity: name, field });
    }
    return { entities, fields: await this.#fieldPermissions(me.userId, secured), teams: await this.#teams(me.userId) };
  }

  async readAttachment(ref: AttachmentRef, range?: ByteRange): Promise<AttachmentContent> {
    const mapping = await this.#noteMapping(ref);
    const id = ref.id.toLowerCase();
    const context = { operation: 'readAttachment', entity: mapping.entity.name };
    const meta = await this.#client.send({ method: 'GET', url: `${mapping.entitySet}(${id})?$select=filename,mimetype,filesize`, accept: [404] }, context);
    if (meta.status === 404) throw new AttachmentNotFoundError(mapping.entity.name, id);
    const info = this.#json(meta, 'readAttachment') as { filename?: unknown; mimetype?: unknown; filesize?: unknown };
    const size = typeof info.filesize === 'number' ? info.filesize : 0;
    if (size > this.#config.maxAttachmentBytes) throw new AttachmentTooLargeError(id, size, this.#config.maxAttachmentBytes);
    // The body comes whole (base64 in JSON): a range past its end is refused here, as a 416 would be.
    if (range !== undefined && (range.start >= size || (range.end !== undefined && range.end < range.start)))
      throw new RangeNotSatisfiableError(
        size,
        `readAttachment ${mapping.entity.name} '${id}': the range ${range.start}-${range.end ?? ''} lies beyond its ${size} bytes`,
      );
    const answer = await this.#client.stream({ method: 'GET', url: `${mapping.entitySet}(${id})?$select=documentbody` }, context);
    const bytes = decodeBase64Stream(jsonStringProperty(answer.body, 'documentbody'));
    const base = {
      fileName: typeof info.filename === 'string' ? info.filename : '',
      mimeType: typeof info.mimetype === 'string' ? info.mimetype : 'application/octet-stream',
      size,
    };
    if (range === undefined) return { ...base, body: bytes };
    const end = Math.min(range.end ?? size - 1, size - 1);
    return { ...base, range: { start: range.start, end }, body: sliceBytes(bytes, range.start, end) };
  }

  async writeAttachment(ref: AttachmentRef, upload: AttachmentUpload): Promise<{ readonly size: number; readonly version: string }> {
    const mapping = await this.#noteMapping(ref);
    const id = ref.id.toLowerCase();
    const limit = this.#config.maxAttachmentBytes;
    if (upload.body instanceof Uint8Array && upload.body.byteLength > limit) throw new AttachmentTooLargeError(id, upload.body.byteLength, limit);
    let tooLarge: AttachmentTooLargeError | undefined;
    const head = JSON.stringify({ filename: upload.fileName, mimetype: upload.mimeType }).slice(0, -1);
    const body = async function* (): AsyncIterable<Uint8Array> {
      yield Buffer.from(`${head},"documentbody":"`);
      for await (const text of encodeBase64Stream(upload.body, (total) => {
        if (total > limit) throw (tooLarge = new AttachmentTooLargeError(id, total, limit));
      })) {
        yield Buffer.from(text, 'latin1');
      }
      yield Buffer.from('"}');
    };
    const context = { operation: 'writeAttachment', entity: mapping.entity.name };
    try {
      const written = await this.#client.send(
        {
          method: 'PATCH',
          url: `${mapping.entitySet}(${id})`,
          headers: { 'If-Match': '*', 'content-type': 'application/json; charset=utf-8' },
          body,
          accept: [404],
        },
        context,
        false,
      );
      if (written.status === 404) throw new AttachmentNotFoundError(mapping.entity.name, id);
    } catch (error) {
      if (tooLarge) throw tooLarge;
      throw error;
    }
    const after = await this.#client.send({ method: 'GET', url: `${mapping.entitySet}(${id})?$select=filesize` }, context);
    const stored = this.#json(after, 'writeAttachment') as { filesize?: unknown; '@odata.etag'?: unknown };
    return { size: typeof stored.filesize === 'number' ? stored.filesize : 0, version: typeof stored['@odata.etag'] === 'string' ? stored['@odata.etag'] : '' };
  }

  async apiUsage(): Promise<ApiUsage> {
    this.#assertOpen('apiUsage');
    return this.#client.usage();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#agent.close().catch(() => undefined);
  }

  /** A full read page: change tracking without a filter reads the feed itself; otherwise the filtered query, with the delta link (or version mark) taken first. */
  async #readFull(mapping: EntityMapping, anchor: Extract<DynamicsAnchor, { phase: 'full' }> | undefined, read: PageRead): Promise<RecordPage> {
    const { select, where, wanted, pageSize, context } = read;
    const entity = mapping.entity.name;
    const tracked = mapping.changeTracking && where === undefined && (anchor === undefined || (anchor.delta === undefined && anchor.mark === undefined));
    let delta = anchor?.delta;
    let mark = anchor?.mark;
    if (anchor === undefined && !tracked) {
      if (mapping.changeTracking) delta = await this.#takeDeltaLink(mapping, context);
      else mark = await this.#highestVersion(mapping, context);
    }
    const url = anchor?.next ?? `${mapping.entitySet}?${this.#query({ select, filter: where })}`;
    const page = await this.#get(url, context, this.#prefer({ track: tracked, pageSize }));
    const records = this.#records(page, mapping, wanted, pageSize);
    if (page.nextLink !== undefined) {
      return {
        records,
        removed: [],
        done: false,
        nextAnchor: encodeDynamicsAnchor({ phase: 'full', entity, next: page.nextLink, ...(delta ? { delta } : {}), ...(mark ? { mark } : {}) }),
      };
    }
    if (tracked) {
      if (page.deltaLink === undefined)
        throw new ContractViolationError('the last page of a change-tracking read has no @odata.deltaLink', `readPage ${entity}`);
      return { records, removed: [], done: true, nextAnchor: encodeDynamicsAnchor({ phase: 'changes', entity, delta: page.deltaLink }) };
    }
    const finished: DynamicsAnchor = delta !== undefined ? { phase: 'changes', entity, delta } : { phase: 'versions', entity, mark: mark ?? '0' };
    return { records, removed: [], done: true, nextAnchor: encodeDynamicsAnchor(finished) };
  }

  /** A page of changes from a delta link: changed rows as records (through the filter on the server), `$deletedEntity` rows as removals. */
  async #readDelta(mapping: EntityMapping, anchor: Extract<DynamicsAnchor, { phase: 'changes' }>, read: PageRead): Promise<RecordPage> {
    const { select, where, wanted, pageSize, context } = read;
    const entity = mapping.entity.name;
    const prefer = this.#prefer({ track: true, pageSize });
    let page: ODataPage;
    try {
      page = await this.#get(anchor.next ?? anchor.delta, { ...context, filtered: false }, prefer);
    } catch (error) {
      // A nextLink the server no longer honours: start again from the delta link, which loses nothing.
      if (anchor.next === undefined || !(FieldsyncError.is(error, 'CONTRACT_VIOLATION') || FieldsyncError.is(error, 'DYNAMICS_API_ERROR'))) throw error;
      page = await this.#get(anchor.delta, { ...context, filtered: false }, prefer);
    }
    if (page.value.length > pageSize || anchor.after !== undefined || anchor.skipDeleted !== undefined) {
      if (page.nextLink !== undefined)
        throw new ContractViolationError(`the page has ${page.value.length} rows, more than the ${pageSize} asked for`, `readPage ${entity}`);
      return this.#pageUnpagedDelta(mapping, anchor, page, read);
    }
    const { changed, gone } = splitDeltaRows(page, mapping, wanted);
    const removed = await this.#classifyRemovals(mapping, gone, context);
    const records = where === undefined ? changed : await this.#throughFilter(mapping, changed, select, where, wanted, context, removed);
    if (page.nextLink !== undefined)
      return { records, removed, done: false, nextAnchor: encodeDynamicsAnchor({ phase: 'changes', entity, delta: anchor.delta, next: page.nextLink }) };
    if (page.deltaLink === undefined) throw new ContractViolationError('the last page of changes has no @odata.deltaLink', `readPage ${entity}`);
    return { records, removed, done: true, nextAnchor: encodeDynamicsAnchor({ phase: 'changes', entity, delta: page.deltaLink }) };
  }

  /**
   * Pages a delta answer the server did not page (all changes at once, no nextLink; decision 096):
   * changed rows in row-version order (from their ETags) after `anchor.after`, never cutting between
   * rows of one version, then the deleted rows after the `skipDeleted` already returned. A row changed
   * again meanwhile has a higher version and comes again later; nothing is lost.
   */
  async #pageUnpagedDelta(mapping: EntityMapping, anchor: Extract<DynamicsAnchor, { phase: 'changes' }>, page: ODataPage, read: PageRead): Promise<RecordPage> {
    const { select, where, wanted, pageSize, context } = read;
    const entity = mapping.entity.name;
    if (page.deltaLink === undefined) throw new ContractViolationError('the last page of changes has no @odata.deltaLink', `readPage ${entity}`);
    const { changed, gone } = splitDeltaRows(page, mapping, wanted);
    const cut = pageWholeDelta(changed, gone, { after: anchor.after ?? '0', skipDeleted: anchor.skipDeleted ?? 0 }, pageSize);
    const removed = await this.#classifyRemovals(mapping, cut.deleted, context);
    const records =
      where === undefined || cut.records.length === 0
        ? [...cut.records]
        : await this.#throughFilter(mapping, cut.records, select, where, wanted, context, removed);
    const nextAnchor: DynamicsAnchor = cut.next
      ? { phase: 'changes', entity, delta: anchor.delta, ...cut.next }
      : { phase: 'changes', entity, delta: page.deltaLink };
    return { records, removed, done: cut.next === undefined, nextAnchor: encodeDynamicsAnchor(nextAnchor) };
  }

  /** A page of changes by `versionnumber` (entities without change tracking): no deletes (decision 096). */
  async #readVersions(mapping: EntityMapping, anchor: Extract<DynamicsAnchor, { phase: 'versions' }>, read: PageRead): Promise<RecordPage> {
    const { select, where, wanted, pageSize, context } = read;
    const entity = mapping.entity.name;
    const url = `${mapping.entitySet}?${this.#query({ select, filter: `versionnumber gt ${anchor.mark}`, orderBy: 'versionnumber asc' })}`;
    const page = await this.#get(url, { ...context, filtered: false }, this.#prefer({ track: false, pageSize }));
    const rows = page.value.slice(0, pageSize);
    const changed = rows.map((row, index) => toCrmRecord(row, mapping, `readPage ${entity}[${index}]`, wanted));
    const last = rows.at(-1)?.versionnumber;
    const mark = last === undefined ? anchor.mark : String(last);
    const removed: RemovedRecord[] = [];
    const records = where === undefined ? changed : await this.#throughFilter(mapping, changed, select, where, wanted, context, removed);
    return { records, removed, done: page.nextLink === undefined, nextAnchor: encodeDynamicsAnchor({ phase: 'versions', entity, mark }) };
  }

  /** Runs the filter on the server over changed records' ids; those that no longer match become removals for the filter. */
  async #throughFilter(
    mapping: EntityMapping,
    changed: readonly CrmRecord[],
    select: readonly string[],
    where: string,
    wanted: ReadonlySet<string> | undefined,
    context: DynamicsErrorContext,
    removed: RemovedRecord[],
  ): Promise<CrmRecord[]> {
    const matching = new Map<string, CrmRecord>();
    const key = mapping.entity.primaryKey;
    for (let offset = 0; offset < changed.length; offset += ID_CHUNK) {
      const ids = changed.slice(offset, offset + ID_CHUNK).map((record) => `${key} eq ${record.id}`);
      let link: string | undefined = `${mapping.entitySet}?${this.#query({ select, filter: `(${where}) and (${ids.join(' or ')})` })}`;
      while (link !== undefined) {
        const page = await this.#get(link, context, this.#prefer({ track: false, pageSize: ID_CHUNK }));
        page.value.forEach((row, index) => {
          const record = toCrmRecord(row, mapping, `readPage ${mapping.entity.name}[${index}]`, wanted);
          matching.set(record.id, record);
        });
        link = page.nextLink;
      }
    }
    const records: CrmRecord[] = [];
    for (const record of changed) {
      const match = matching.get(record.id);
      if (match) records.push(match);
      else removed.push({ id: record.id, reason: 'filter' });
    }
    return records;
  }

  /**
   * Why each `$deletedEntity` row of a delta page left the user's view (decision 098): Dataverse
   * reports records deleted and records the user can no longer read alike, so each is asked about
   * with `RetrievePrincipalAccess`: a record that no longer exists (404) was deleted, one that does
   * exists without ReadAccess for the user is `no-access`.
   */
  async #classifyRemovals(mapping: EntityMapping, ids: readonly string[], context: DynamicsErrorContext): Promise<RemovedRecord[]> {
    if (ids.length === 0) return [];
    const me = await this.#identity();
    const reasons = new Map<string, RemovedRecord['reason']>();
    const ask = async (id: string): Promise<void> => {
      const target = encodeURIComponent(JSON.stringify({ '@odata.id': `${mapping.entitySet}(${id})` }));
      const answer = await this.#client.send(
        { method: 'GET', url: `systemusers(${me.userId})/Microsoft.Dynamics.CRM.RetrievePrincipalAccess(Target=@t)?@t=${target}`, accept: [404] },
        { ...context, filtered: false },
      );
      if (answer.status === 404) {
        reasons.set(id, 'deleted');
        return;
      }
      const rights = (this.#json(answer, 'RetrievePrincipalAccess') as { AccessRights?: unknown }).AccessRights;
      reasons.set(id, typeof rights === 'string' && /\bReadAccess\b/.test(rights) ? 'deleted' : 'no-access');
    };
    const queue = [...ids];
    const workers = Array.from({ length: Math.min(PRINCIPAL_ACCESS_CONCURRENCY, queue.length) }, async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) await ask(id);
    });
    await Promise.all(workers);
    return ids.map((id) => ({ id, reason: reasons.get(id) ?? 'deleted' }));
  }

  /** A delta link as of now, from a key-only change-tracking scan (decision 096). */
  async #takeDeltaLink(mapping: EntityMapping, context: DynamicsErrorContext): Promise<string> {
    let link: string | undefined = `${mapping.entitySet}?$select=${mapping.entity.primaryKey}`;
    for (;;) {
      const page = await this.#get(link, { ...context, filtered: false }, this.#prefer({ track: true, pageSize: SCAN_PAGE, annotations: false }));
      if (page.deltaLink !== undefined) return page.deltaLink;
      if (page.nextLink === undefined)
        throw new ContractViolationError('a change-tracking read ended without @odata.deltaLink', `readPage ${mapping.entity.name}`);
      link = page.nextLink;
    }
  }

  async #highestVersion(mapping: EntityMapping, context: DynamicsErrorContext): Promise<string> {
    const page = await this.#get(
      `${mapping.entitySet}?$select=versionnumber&$orderby=versionnumber desc&$top=1`,
      { ...context, filtered: false },
      this.#prefer({ track: false, pageSize: 1, annotations: false }),
    );
    const top = page.value[0]?.versionnumber;
    return top === undefined || top === null ? '0' : String(top);
  }

  async #countMatching(mapping: EntityMapping, where: string | undefined, context: DynamicsErrorContext): Promise<number> {
    const url = `${mapping.entitySet}?${this.#query({ select: [mapping.entity.primaryKey], filter: where })}`;
    // One key and @odata.count; the count stops at 5,000 (and may be absent): then count the keys page by page.
    const counted = await this.#get(`${url}&$count=true`, context, this.#prefer({ track: false, pageSize: 1, annotations: false }));
    if (counted.count !== undefined && counted.count < 5_000) return counted.count;
    let page = await this.#get(url, context, this.#prefer({ track: false, pageSize: SCAN_PAGE, annotations: false }));
    let total = page.value.length;
    while (page.nextLink !== undefined) {
      page = await this.#get(page.nextLink, context, this.#prefer({ track: false, pageSize: SCAN_PAGE, annotations: false }));
      total += page.value.length;
    }
    return total;
  }

  #records(page: ODataPage, mapping: EntityMapping, wanted: ReadonlySet<string> | undefined, pageSize: number): CrmRecord[] {
    const entity = mapping.entity.name;
    if (page.value.length > pageSize)
      throw new ContractViolationError(`the page has ${page.value.length} rows, more than the ${pageSize} asked for`, `readPage ${entity}`);
    return page.value.map((row, index) => toCrmRecord(row, mapping, `readPage ${entity}[${index}]`, wanted));
  }

  /** The delta link a finished anchor reads changes from, or undefined for a version anchor. Refuses an unfinished full read. */
  #finishedDelta(anchor: DynamicsAnchor): string | undefined {
    if (anchor.phase === 'changes') return anchor.delta;
    if (anchor.phase === 'full') {
      if (anchor.delta !== undefined) return anchor.delta;
      if (anchor.mark === undefined) throw new FullResyncRequiredError(anchor.entity, 'the anchor is of a full read that has not reached its delta link yet');
    }
    return undefined;
  }

  async #readRecord(mapping: EntityMapping, id: string): Promise<CrmRecord | undefined> {
    const select = selectList(mapping, undefined);
    const answer = await this.#client.send(
      {
        method: 'GET',
        url: `${mapping.entitySet}(${id})?$select=${select.join(',')}`,
        headers: { Prefer: `odata.include-annotations="${LOOKUP_LOGICAL_NAME}"` },
        accept: [404],
      },
      { operation: 'writeBatch', entity: mapping.entity.name },
    );
    if (answer.status === 404) return undefined;
    return toCrmRecord(this.#json(answer, `read ${mapping.entity.name}(${id})`) as DataverseRecord, mapping, `read ${mapping.entity.name}(${id})`);
  }

  async #readWhoAmI(): Promise<WhoAmI> {
    const answer = await this.#client.send({ method: 'GET', url: 'WhoAmI' }, { operation: 'whoAmI' });
    const me = this.#json(answer, 'WhoAmI') as { UserId?: unknown; BusinessUnitId?: unknown; OrganizationId?: unknown };
    if (typeof me.UserId !== 'string' || typeof me.BusinessUnitId !== 'string' || typeof me.OrganizationId !== 'string') {
      throw new ContractViolationError('UserId, BusinessUnitId or OrganizationId is missing', 'WhoAmI');
    }
    const userId = me.UserId.toLowerCase();
    let userName = userId;
    const user = await this.#client.send(
      { method: 'GET', url: `systemusers(${userId})?$select=domainname,fullname`, accept: [403, 404] },
      { operation: 'whoAmI', entity: 'systemuser' },
    );
    if (user.status === 200) {
      const row = this.#json(user, 'systemusers') as { domainname?: unknown; fullname?: unknown };
      userName =
        typeof row.domainname === 'string' && row.domainname ? row.domainname : typeof row.fullname === 'string' && row.fullname ? row.fullname : userId;
    }
    return { userId, userName, businessUnitId: me.BusinessUnitId.toLowerCase(), organizationId: me.OrganizationId.toLowerCase() };
  }

  /** Field-level security of the secured fields, from `RetrievePrincipalAttributePrivileges` (none asked when no field is secured). */
  async #fieldPermissions(
    userId: string,
    secured: ReadonlyMap<string, { entity: string; field: string }>,
  ): Promise<Record<string, Record<string, FieldPermission>>> {
    if (secured.size === 0) return {};
    const answer = await this.#client.send(
      { method: 'GET', url: `systemusers(${userId})/Microsoft.Dynamics.CRM.RetrievePrincipalAttributePrivileges()` },
      { operation: 'permissions' },
    );
    const rows = (this.#json(answer, 'RetrievePrincipalAttributePrivileges') as { AttributePrivileges?: unknown }).AttributePrivileges;
    if (!Array.isArray(rows)) throw new ContractViolationError('AttributePrivileges is missing', 'RetrievePrincipalAttributePrivileges');
    return fieldPermissionsOf(secured, rows as AttributePrivilege[]);
  }

  async #teams(userId: string): Promise<string[]> {
    const answer = await this.#client.send(
      { method: 'GET', url: `systemusers(${userId})/teammembership_association?$select=teamid`, accept: [400, 403, 404] },
      { operation: 'permissions' },
    );
    if (answer.status !== 200) return [];
    const page = readODataPage(answer.text, 'teammembership_association');
    return page.value.map((row) => row.teamid).filter((id): id is string => typeof id === 'string');
  }

  async #listEntities(): Promise<string[]> {
    const answer = await this.#client.send({ method: 'GET', url: `EntityDefinitions?$select=LogicalName,EntitySetName` }, { operation: 'describe' });
    return readODataPage(answer.text, 'EntityDefinitions')
      .value.filter((row) => typeof row.LogicalName === 'string' && typeof row.EntitySetName === 'string' && row.EntitySetName !== '')
      .map((row) => row.LogicalName as string);
  }

  /** The mapping of an entity from its definition and attributes (cached for the connector's life). Throws `UnknownEntityError`. */
  async #mapping(entity: string, path = 'entity'): Promise<EntityMapping> {
    this.#assertOpen('describe');
    let mapping = this.#mappings.get(entity);
    if (!mapping) {
      mapping = this.#describeEntity(entity, path);
      this.#mappings.set(entity, mapping);
      mapping.catch(() => this.#mappings.delete(entity));
    }
    return mapping;
  }

  async #describeEntity(entity: string, path: string): Promise<EntityMapping> {
    if (!/^[a-z_][a-z0-9_]*$/i.test(entity)) throw new UnknownEntityError(entity, path);
    const context = { operation: 'describe', entity };
    const base = `EntityDefinitions(LogicalName='${entity}')`;
    const definition = await this.#client.send({ method: 'GET', url: `${base}?$select=${ENTITY_DEFINITION_FIELDS.join(',')}`, accept: [400, 404] }, context);
    if (definition.status !== 200) throw new UnknownEntityError(entity, path);
    const attributes = readODataPage((await this.#client.send({ method: 'GET', url: `${base}/Attributes` }, context)).text, `${base}/Attributes`)
      .value as unknown as AttributeDefinition[];
    let withTargets = attributes;
    if (attributes.some((attribute) => (attribute.AttributeType === 'Lookup' || attribute.AttributeType === 'Customer') && !attribute.Targets)) {
      // Plain AttributeMetadata has no Targets: the lookup cast has them.
      const lookups = readODataPage(
        (
          await this.#client.send(
            { method: 'GET', url: `${base}/Attributes/Microsoft.Dynamics.CRM.LookupAttributeMetadata?$select=LogicalName,Targets` },
            context,
          )
        ).text,
        `${base}/Attributes/LookupAttributeMetadata`,
      ).value;
      const targets = new Map(lookups.map((row) => [row.LogicalName as string, row.Targets as string[]]));
      withTargets = attributes.map((attribute) =>
        targets.has(attribute.LogicalName) ? { ...attribute, Targets: targets.get(attribute.LogicalName) } : attribute,
      );
    }
    const mapping = mapEntityDefinition(this.#json(definition, base) as EntityDefinition, withTargets);
    this.#setNames.set(mapping.entity.name, mapping.entitySet);
    return mapping;
  }

  async #noteMapping(ref: AttachmentRef): Promise<EntityMapping> {
    if (ref.entity !== 'annotation') throw new UnsupportedCapabilityError(`attachments of ${ref.entity} (only notes, annotation.documentbody)`);
    const mapping = await this.#mapping(ref.entity);
    if (!mapping.entity.fields.some((field) => field.name === 'filename'))
      throw new PermissionDeniedError(ref.entity, 'read', 'the note entity has no filename field');
    return mapping;
  }

  async #compileFilter(mapping: EntityMapping, filter: FilterNode | undefined): Promise<string | undefined> {
    if (filter === undefined) return undefined;
    const linked = linkedEntities(filter);
    const parents = await Promise.all([...linked].filter((name) => name !== mapping.entity.name).map((name) => this.#mapping(name, 'filter.entity')));
    const me = await this.#identity();
    const compiled = compileFilterToOData(
      { entity: mapping.entity.name, where: filter },
      {
        schema: { entities: [mapping.entity, ...parents.map((parent) => parent.entity)] },
        context: { clock: { now: this.#config.now }, userId: me.userId, businessUnitId: me.businessUnitId },
      },
    );
    return compiled === '' ? undefined : compiled;
  }

  #query(parts: { select: readonly string[]; filter?: string; orderBy?: string }): string {
    const query = [`$select=${parts.select.join(',')}`];
    if (parts.filter !== undefined) query.push(`$filter=${encodeURIComponent(parts.filter)}`);
    if (parts.orderBy !== undefined) query.push(`$orderby=${encodeURIComponent(parts.orderBy)}`);
    return query.join('&');
  }

  #prefer(options: { track: boolean; pageSize: number; annotations?: boolean }): Record<string, string> {
    const prefer = [`odata.maxpagesize=${options.pageSize}`];
    if (options.track) prefer.unshift('odata.track-changes');
    if (options.annotations !== false) prefer.push(`odata.include-annotations="${LOOKUP_LOGICAL_NAME}"`);
    return { Prefer: prefer.join(',') };
  }

  async #get(url: string, context: DynamicsErrorContext, headers: Record<string, string>): Promise<ODataPage> {
    this.#assertOpen(context.operation);
    const answer = await this.#client.send({ method: 'GET', url, headers }, context);
    return readODataPage(answer.text, `${context.operation}${context.entity ? ` ${context.entity}` : ''}`);
  }

  #json(answer: DynamicsHttpAnswer, where: string): unknown {
    try {
      return JSON.parse(answer.text) as unknown;
    } catch {
      throw new ContractViolationError('the answer is not JSON', where);
    }
  }

  #pageSize(requested: number): number {
    if (!Number.isFinite(requested) || requested < 1) return 1;
    return Math.min(Math.floor(requested), this.capabilities.maxPageSize);
  }

  #assertOpen(operation: string): void {
    if (this.#closed) throw new ConnectorClosedError(operation);
  }
}
