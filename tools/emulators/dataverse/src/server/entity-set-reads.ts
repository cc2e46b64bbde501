import { randomUUID } from 'node:crypto';
import { StoreHistoryExpiredError } from '@fieldsync/crm-store';
import type { CrmRecord, EntitySchema, FieldSchema, FieldValue, FilterNode } from '@fieldsync/model';
import { isEntityReference } from '@fieldsync/model';
import type { CatalogEntity } from '../naming/entity-catalog';
import { EntityCatalog } from '../naming/entity-catalog';
import { odataFilterToStoreFilter } from '../odata/odata-filter-to-store-filter';
import { parseODataFilter } from '../odata/parse-odata-filter';
import { versionStampExpired } from './change-tokens';
import { DATAVERSE_ERROR_CODES, DataverseApiError, queryError } from './dataverse-api-error';
import type { ApiRequest, ApiResponse, DeltaCursor, EmulatorContext, RequestUser } from './emulator-context';
import { MAX_PAGE_SIZE, parsePrefer, preferenceApplied, type Preferences } from './prefer-header';
import { etagOf, recordToRow } from './record-json';

const SUPPORTED_OPTIONS = new Set(['$select', '$filter', '$orderby', '$top', '$skiptoken', '$deltatoken', '$count']);
const READ_PAGE = 5000;

/** One `$orderby` key. */
interface OrderKey {
  readonly field: FieldSchema;
  readonly descending: boolean;
}

/** What a `$skiptoken` carries (inside an opaque paging cookie). */
interface PagingState {
  /** Page number (for the cookie only). */
  readonly p: number;
  /** Rows returned so far (for `$top`). */
  readonly n: number;
  /** Last primary key returned. */
  readonly a: string;
  /** Sort values of the last row (with `$orderby`). */
  readonly s?: readonly (FieldValue | string)[];
  /** The store version the full read started at (change tracking). */
  readonly v?: number;
}

function encodeSkipToken(state: PagingState): string {
  const cookie = Buffer.from(JSON.stringify(state)).toString('base64url');
  return `<cookie pagenumber="${state.p}" pagingcookie="${cookie}" istracking="${state.v !== undefined ? 'True' : 'False'}" />`;
}

function decodeSkipToken(token: string): PagingState {
  const match = /pagingcookie="([^"]+)"/.exec(token);
  try {
    if (!match) throw new Error('no cookie');
    const state = JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8')) as PagingState;
    if (typeof state.a !== 'string' || typeof state.n !== 'number') throw new Error('bad cookie');
    return state;
  } catch {
    throw queryError(`The $skiptoken '${token}' is not valid.`);
  }
}

/** The fields of `$select` (the primary key always included), or every field; 400 for an unknown name. */
export function selectedFields(entity: EntitySchema, select: string | null, catalog: EntityCatalog): FieldSchema[] | undefined {
  if (select === null) return undefined;
  const fields: FieldSchema[] = [];
  for (const name of select.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const field = catalog.structuralField(entity, name) ?? (name === entity.primaryKey ? entity.fields.find((f) => f.name === name) : undefined);
    if (!field) throw queryError(`Could not find a property named '${name}' on type 'Microsoft.Dynamics.CRM.${entity.name}'.`);
    if (!fields.includes(field)) fields.push(field);
  }
  const key = entity.fields.find((f) => f.name === entity.primaryKey);
  if (key && !fields.includes(key)) fields.unshift(key);
  return fields;
}

function parseOrderBy(entity: EntitySchema, text: string, catalog: EntityCatalog): OrderKey[] {
  return text.split(',').map((part) => {
    const [name, direction, extra] = part.trim().split(/\s+/);
    if (!name || extra !== undefined || (direction !== undefined && direction !== 'asc' && direction !== 'desc')) throw queryError(`Syntax error at position 0 in '${text}'.`);
    const field = catalog.structuralField(entity, name) ?? (name === entity.primaryKey ? entity.fields.find((f) => f.name === name) : undefined);
    if (!field) throw queryError(`Could not find a property named '${name}' on type 'Microsoft.Dynamics.CRM.${entity.name}'.`);
    return { field, descending: direction === 'desc' };
  });
}

function sortValue(record: CrmRecord, field: FieldSchema): FieldValue | string {
  const value = record.fields[field.name];
  if (isEntityReference(value)) return value.id;
  return value ?? null;
}

function compareValues(a: FieldValue | string, b: FieldValue | string): number {
  if (a === b) return 0;
  // Dataverse sorts nulls first in ascending order.
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return String(a) < String(b) ? -1 : 1;
}

function compareRows(keys: readonly OrderKey[], a: { values: readonly (FieldValue | string)[]; id: string }, b: { values: readonly (FieldValue | string)[]; id: string }): number {
  for (const [i, key] of keys.entries()) {
    const order = compareValues(a.values[i], b.values[i]);
    if (order !== 0) return key.descending ? -order : order;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The record of that id if the user may read it (sharing enforced by the store), with the selected fields. */
export async function findVisible(context: EmulatorContext, user: RequestUser, entity: EntitySchema, id: string, fields?: readonly FieldSchema[]): Promise<CrmRecord | undefined> {
  const page = await context.store.readFull(user.principal, {
    entity: entity.name,
    filter: { kind: 'condition', field: entity.primaryKey, operator: 'eq', value: id },
    ...(fields ? { fields: fields.map((f) => f.name) } : {}),
    limit: 1,
  });
  return page.records[0];
}

/** A display-name lookup for the formatted values of lookups in `records` (one store read per referenced record). */
async function lookupNames(context: EmulatorContext, records: readonly CrmRecord[]): Promise<(entity: string, id: string) => string | undefined> {
  const names = new Map<string, string | undefined>();
  const users = new Map((await context.store.listUsers()).map((u) => [u.id, u.fullName]));
  for (const record of records) {
    for (const value of Object.values(record.fields)) {
      if (!isEntityReference(value)) continue;
      const key = `${value.entity}:${value.id}`;
      if (names.has(key)) continue;
      if (value.entity === 'systemuser') {
        names.set(key, users.get(value.id));
        continue;
      }
      const target = context.catalog().byName(value.entity)?.entity;
      const parent = target ? await context.store.getAsSystem(value.entity, value.id) : undefined;
      const name = target?.primaryName ? parent?.fields[target.primaryName] : undefined;
      names.set(key, typeof name === 'string' ? name : undefined);
    }
  }
  return (entity, id) => names.get(`${entity}:${id}`);
}

/** The rows of records in the Web API shape. */
export async function rowsOf(context: EmulatorContext, entity: EntitySchema, records: readonly CrmRecord[], fields: readonly FieldSchema[] | undefined, annotations: boolean): Promise<Record<string, unknown>[]> {
  const nameOf = annotations ? await lookupNames(context, records) : undefined;
  return records.map((record) => recordToRow(entity, record, { ...(fields ? { fields } : {}), annotations, ...(nameOf ? { nameOf } : {}) }));
}

function contextFragment(set: CatalogEntity, fields: readonly FieldSchema[] | undefined): string {
  return fields ? `${set.entitySetName}(${fields.map((f) => EntityCatalog.propertyName(f)).join(',')})` : set.entitySetName;
}

/** A query string as Dataverse writes links: `$` options unescaped, values percent-encoded. */
function queryString(query: URLSearchParams): string {
  return [...query.entries()].map(([key, value]) => `${key.replace(/[^$\w.@-]/g, encodeURIComponent)}=${encodeURIComponent(value)}`).join('&');
}

/** The URL of the next page: the same request with a new `$skiptoken`. */
function nextLink(context: EmulatorContext, request: ApiRequest, state: PagingState): string {
  const query = new URLSearchParams(request.query);
  query.delete('$skiptoken');
  query.set('$skiptoken', encodeSkipToken(state));
  return `${context.apiUrl}${request.path}?${queryString(query)}`;
}

function deltaLink(context: EmulatorContext, request: ApiRequest, version: number): string {
  const query = new URLSearchParams();
  const select = request.query.get('$select');
  if (select !== null) query.set('$select', select);
  query.set('$deltatoken', context.changeTokens.issue(version));
  return `${context.apiUrl}${request.path}?${queryString(query)}`;
}

function validateOptions(request: ApiRequest): void {
  for (const key of request.query.keys()) {
    if (key.startsWith('$') && !SUPPORTED_OPTIONS.has(key)) {
      if (key === '$expand') throw queryError('The emulator does not support $expand; select the _x_value lookups and read the related rows.');
      if (key === '$skip') throw queryError("The query parameter '$skip' is not supported.");
      throw queryError(`The query parameter '${key}' is not supported.`);
    }
  }
}

function topOf(request: ApiRequest): number | undefined {
  const text = request.query.get('$top');
  if (text === null) return undefined;
  if (!/^\d+$/.test(text)) throw queryError(`Invalid value '${text}' for $top query option found. The $top query option requires a non-negative integer value.`);
  return Number(text);
}

/**
 * `GET /{entityset}`: a page of the rows the user may read, with `$select`, `$filter` (run by the
 * store in SQL), `$orderby`, `$top`, `Prefer: odata.maxpagesize` and an opaque `$skiptoken` cursor
 * (keyset: the last row's sort values and id, so it survives concurrent inserts). With
 * `Prefer: odata.track-changes` the `@odata.deltaLink` comes on the last page; a `$deltatoken` reads
 * the changes since (see {@link readDelta}).
 */
export async function readEntitySet(context: EmulatorContext, user: RequestUser, set: CatalogEntity, request: ApiRequest): Promise<ApiResponse> {
  validateOptions(request);
  const entity = set.entity;
  const catalog = context.catalog();
  const preferences = parsePrefer(request.headers['prefer']);
  const fields = selectedFields(entity, request.query.get('$select'), catalog);
  const deltaToken = request.query.get('$deltatoken');
  const tracking = preferences.trackChanges || deltaToken !== null;
  if (tracking && ['$filter', '$orderby', '$top', '$count'].some((option) => request.query.has(option))) {
    throw queryError('Change tracking does not support the query options $filter, $orderby, $top, $expand or $count; request the whole entity set.');
  }
  if (deltaToken !== null) return readDelta(context, user, set, request, preferences, fields, deltaToken);
  const filterText = request.query.get('$filter');
  const filter: FilterNode | undefined = filterText !== null ? odataFilterToStoreFilter(parseODataFilter(filterText), entity, { catalog, clock: context.clock }) : undefined;
  const orderText = request.query.get('$orderby');
  const order = orderText !== null ? parseOrderBy(entity, orderText, catalog) : [];
  const top = topOf(request);
  const skipText = request.query.get('$skiptoken');
  const state = skipText !== null ? decodeSkipToken(skipText) : undefined;
  const pageSize = preferences.maxPageSize ?? MAX_PAGE_SIZE;
  const startVersion = tracking ? (state?.v ?? (await context.store.currentVersion())) : undefined;
  const remaining = top !== undefined ? Math.max(0, top - (state?.n ?? 0)) : Number.POSITIVE_INFINITY;
  const wanted = Math.min(pageSize, remaining);
  const storeFields = fields ? fields.map((f) => f.name) : undefined;
  let records: CrmRecord[];
  let more: boolean;
  if (order.length === 0) {
    const page =
      wanted === 0
        ? { records: [] }
        : await context.store.readFull(user.principal, { entity: entity.name, ...(filter ? { filter } : {}), ...(storeFields ? { fields: storeFields } : {}), ...(state ? { afterId: state.a } : {}), limit: wanted + 1 });
    records = page.records.slice(0, wanted);
    more = page.records.length > wanted;
  } else {
    // Sorted reads: the store pages by primary key only, so the matching rows are sorted here and the cursor is (sort values, id).
    const all: CrmRecord[] = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await context.store.readFull(user.principal, { entity: entity.name, ...(filter ? { filter } : {}), ...(afterId ? { afterId } : {}), limit: READ_PAGE });
      all.push(...page.records);
      if (page.done || page.lastId === undefined) break;
      afterId = page.lastId;
    }
    const keyed = all.map((record) => ({ record, id: record.id, values: order.map((key) => sortValue(record, key.field)) }));
    keyed.sort((a, b) => compareRows(order, a, b));
    const cursor = state ? { id: state.a, values: state.s ?? [] } : undefined;
    const after = cursor ? keyed.filter((row) => compareRows(order, row, cursor) > 0) : keyed;
    records = after.slice(0, wanted).map((row) => (storeFields ? { ...row.record, fields: Object.fromEntries(Object.entries(row.record.fields).filter(([name]) => storeFields.includes(name))) } : row.record));
    more = after.length > wanted;
  }
  const returned = (state?.n ?? 0) + records.length;
  const rows = await rowsOf(context, entity, records, fields, preferences.annotations);
  const body: Record<string, unknown> = { '@odata.context': context.metadataUrl(contextFragment(set, fields)) };
  if (request.query.get('$count') === 'true') {
    body['@odata.count'] = (await context.store.count(user.principal, { entity: entity.name, ...(filter ? { filter } : {}) })).matching;
  }
  body['value'] = rows;
  const last = records[records.length - 1];
  if (more && returned < (top ?? Number.POSITIVE_INFINITY) && last) {
    body['@odata.nextLink'] = nextLink(context, request, {
      p: (state?.p ?? 1) + 1,
      n: returned,
      a: last.id,
      ...(order.length > 0 ? { s: order.map((key) => sortValue(last, key.field)) } : {}),
      ...(startVersion !== undefined ? { v: startVersion } : {}),
    });
  } else if (startVersion !== undefined) {
    body['@odata.deltaLink'] = deltaLink(context, request, startVersion);
  }
  return {
    status: 200,
    headers: { 'OData-Version': '4.0', ...preferenceApplied(preferences, { maxPageSize: true, trackChanges: tracking, annotations: true }) },
    body,
  };
}

/**
 * A `$deltatoken` read: rows changed since the token's version (new and updated rows as rows), then
 * `$deletedEntity` entries for rows deleted since, and for rows that became invisible to the user
 * (unshared, reassigned; decision 092), paged by `odata.maxpagesize` (the entries are kept
 * server-side between pages), and a new `@odata.deltaLink` on the last page. A row created and deleted
 * between two tokens appears only as deleted. Expired tokens answer `0x80044352`.
 */
async function readDelta(
  context: EmulatorContext,
  user: RequestUser,
  set: CatalogEntity,
  request: ApiRequest,
  preferences: Preferences,
  fields: readonly FieldSchema[] | undefined,
  deltaToken: string,
): Promise<ApiResponse> {
  const entity = set.entity;
  const pageSize = preferences.maxPageSize ?? MAX_PAGE_SIZE;
  const headers = { 'OData-Version': '4.0', ...preferenceApplied(preferences, { maxPageSize: true, trackChanges: true, annotations: true }) };
  const contextUrl = context.metadataUrl(`${contextFragment(set, fields)}/$delta`);
  const skipText = request.query.get('$skiptoken');
  if (skipText !== null) {
    const position = decodeDeltaSkipToken(skipText);
    const cursor = context.deltaCursor(position.d);
    if (!cursor || cursor.userId !== user.user.id) throw queryError(`The $skiptoken '${skipText}' is not valid or has expired; follow the deltaLink again.`);
    return { status: 200, headers, body: deltaPage(context, request, contextUrl, cursor, position.d, position.o, pageSize) };
  }
  const afterVersion = context.changeTokens.versionOf(deltaToken);
  const endVersion = await context.store.currentVersion();
  const changed = new Map<string, CrmRecord>();
  const removed = new Map<string, number>();
  try {
    let version = afterVersion;
    for (;;) {
      const page = await context.store.readChanges(user.principal, { entity: entity.name, afterVersion: version, ...(fields ? { fields: fields.map((f) => f.name) } : {}), limit: READ_PAGE });
      for (const record of page.records) {
        changed.set(record.id, record);
        removed.delete(record.id);
      }
      for (const gone of page.removed) {
        changed.delete(gone.id);
        removed.set(gone.id, page.lastVersion);
      }
      if (page.done || page.lastVersion <= version) break;
      version = page.lastVersion;
    }
    let cursor: string | undefined;
    for (;;) {
      const page = await context.store.deletesSince(user.principal, { entity: entity.name, afterVersion, ...(cursor ? { afterCursor: cursor } : {}), limit: READ_PAGE });
      for (const tombstone of page.deleted) {
        const row = changed.get(tombstone.id);
        // A record re-created with the same id after its delete is a row, not a delete.
        if (row && Number(row.version) > tombstone.version) continue;
        changed.delete(tombstone.id);
        removed.set(tombstone.id, tombstone.version);
      }
      if (page.cursor === undefined) break;
      cursor = page.cursor;
    }
  } catch (error) {
    if (error instanceof StoreHistoryExpiredError) throw versionStampExpired();
    throw error;
  }
  const rows = await rowsOf(context, entity, [...changed.values()], fields, preferences.annotations);
  const deleted = [...removed.keys()].map((id) => ({ '@odata.context': context.metadataUrl(`${set.entitySetName}/$deletedEntity`), id, reason: 'deleted' }));
  const cursor = {
    userId: user.user.id,
    entries: [...rows, ...deleted],
    deltaLink: deltaLink(context, { ...request, query: new URLSearchParams(fields ? { $select: request.query.get('$select') ?? '' } : {}) }, Math.max(endVersion, afterVersion)),
  };
  const id = randomUUID();
  if (cursor.entries.length > pageSize) context.keepDeltaCursor(id, cursor);
  return { status: 200, headers, body: deltaPage(context, request, contextUrl, cursor, id, 0, pageSize) };
}

/** Where a paged delta read goes on: the cursor id and the offset of the next entry. */
function decodeDeltaSkipToken(token: string): { d: string; o: number } {
  const match = /pagingcookie="([^"]+)"/.exec(token);
  try {
    const position = JSON.parse(Buffer.from(match?.[1] ?? '', 'base64url').toString('utf8')) as { d?: unknown; o?: unknown };
    if (typeof position.d !== 'string' || typeof position.o !== 'number') throw new Error('bad cookie');
    return { d: position.d, o: position.o };
  } catch {
    throw queryError(`The $skiptoken '${token}' is not valid.`);
  }
}

/** One page of a delta read: `@odata.nextLink` while entries remain, the `@odata.deltaLink` on the last page only. */
function deltaPage(context: EmulatorContext, request: ApiRequest, contextUrl: string, cursor: DeltaCursor, id: string, offset: number, pageSize: number): Record<string, unknown> {
  const value = cursor.entries.slice(offset, offset + pageSize);
  const next = offset + pageSize;
  if (next < cursor.entries.length) {
    const cookie = Buffer.from(JSON.stringify({ d: id, o: next })).toString('base64url');
    const query = new URLSearchParams(request.query);
    query.set('$skiptoken', `<cookie pagenumber="${Math.floor(next / pageSize) + 1}" pagingcookie="${cookie}" istracking="True" />`);
    return { '@odata.context': contextUrl, value, '@odata.nextLink': `${context.apiUrl}${request.path}?${queryString(query)}` };
  }
  return { '@odata.context': contextUrl, value, '@odata.deltaLink': cursor.deltaLink };
}

/** `GET /{entityset}(id)`: the row if the user may read it, with its `ETag`; 404 `0x80040217` otherwise; 304 for a matching `If-None-Match`. */
export async function readRecord(context: EmulatorContext, user: RequestUser, set: CatalogEntity, id: string, request: ApiRequest): Promise<ApiResponse> {
  validateOptions(request);
  const entity = set.entity;
  const preferences = parsePrefer(request.headers['prefer']);
  const selectText = request.query.get('$select');
  const selectNames = selectText?.split(',').map((s) => s.trim()) ?? [];
  // `documentbody` is a note's attachment, not a column: read from the store's attachment.
  const wantsBody = selectNames.includes('documentbody');
  const fields = selectedFields(entity, selectText === null ? null : selectNames.filter((s) => s !== 'documentbody').join(','), context.catalog());
  const record = await findVisible(context, user, entity, id, fields);
  if (!record) throw recordNotFound(entity, id);
  const etag = etagOf(record.version);
  if (request.headers['if-none-match'] === etag) return { status: 304, headers: { ETag: etag } };
  const [row] = await rowsOf(context, entity, [record], fields, preferences.annotations);
  if (wantsBody || (fields === undefined && entity.name === 'annotation')) row['documentbody'] = await documentBodyOf(context, user, entity, id);
  return {
    status: 200,
    headers: { 'OData-Version': '4.0', ETag: etag, ...preferenceApplied(preferences, { annotations: true }) },
    body: { '@odata.context': context.metadataUrl(`${contextFragment(set, fields)}/$entity`), ...row },
  };
}

/** A note's attachment as base64, or null when it has none. */
async function documentBodyOf(context: EmulatorContext, user: RequestUser, entity: EntitySchema, id: string): Promise<string | null> {
  try {
    const stored = await context.store.readAttachment(user.principal, { entity: entity.name, id });
    const chunks: Buffer[] = [];
    for await (const chunk of stored.body) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('base64');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'STORE_NOT_FOUND') return null;
    throw error;
  }
}

/** 404 `0x80040217` "account With Id = … Does Not Exist". */
export function recordNotFound(entity: EntitySchema, id: string): DataverseApiError {
  return new DataverseApiError(404, DATAVERSE_ERROR_CODES.objectNotFound, `${entity.name} With Id = ${id} Does Not Exist`);
}
