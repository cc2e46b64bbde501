import type { CrmRecord, EntitySchema, FieldSchema, FieldValue } from '@fieldsync/model';
import { isEntityReference } from '@fieldsync/model';
import type { CatalogEntity, EntityCatalog } from '../naming/entity-catalog';
import { queryError } from './dataverse-api-error';
import { readDelta } from './delta-reads';
import type { ApiRequest, ApiResponse, EmulatorContext, RequestUser } from './emulator-context';
import { deltaLink, queryString } from './odata-links';
import { MAX_PAGE_SIZE, parsePrefer, preferenceApplied } from './prefer-header';
import { countableFilter, countRows } from './entity-set-count';
import { QUERY_OPTIONS, topOf, validateOptions } from './query-options';
import { contextFragment, rowsOf, selectedFields, storeFieldNames } from './row-reads';
import { matchesVersion, VERSION_NUMBER, versionNumberField, versionNumberOf } from './row-version';

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

function parseOrderBy(entity: EntitySchema, text: string, catalog: EntityCatalog): OrderKey[] {
  return text.split(',').map((part) => {
    const [name, direction, extra] = part.trim().split(/\s+/);
    if (!name || extra !== undefined || (direction !== undefined && direction !== 'asc' && direction !== 'desc'))
      throw queryError(`Syntax error at position 0 in '${text}'.`);
    const field =
      name === VERSION_NUMBER
        ? versionNumberField
        : (catalog.structuralField(entity, name) ?? (name === entity.primaryKey ? entity.fields.find((f) => f.name === name) : undefined));
    if (!field) throw queryError(`Could not find a property named '${name}' on type 'Microsoft.Dynamics.CRM.${entity.name}'.`);
    return { field, descending: direction === 'desc' };
  });
}

function sortValue(record: CrmRecord, field: FieldSchema): FieldValue | string {
  if (field === versionNumberField) return versionNumberOf(record);
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

function compareRows(
  keys: readonly OrderKey[],
  a: { values: readonly (FieldValue | string)[]; id: string },
  b: { values: readonly (FieldValue | string)[]; id: string },
): number {
  for (const [i, key] of keys.entries()) {
    const order = compareValues(a.values[i], b.values[i]);
    if (order !== 0) return key.descending ? -order : order;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The URL of the next page: the same request with a new `$skiptoken`. */
function nextLink(context: EmulatorContext, request: ApiRequest, state: PagingState): string {
  const query = new URLSearchParams(request.query);
  query.delete('$skiptoken');
  query.set('$skiptoken', encodeSkipToken(state));
  return `${context.apiUrl}${request.path}?${queryString(query)}`;
}

/**
 * `GET /{entityset}`: a page of the rows the user may read, with `$select`, `$filter` (run by the
 * store in SQL), `$orderby`, `$top`, `Prefer: odata.maxpagesize` and an opaque `$skiptoken` cursor
 * (keyset: the last row's sort values and id, so it survives concurrent inserts). With
 * `Prefer: odata.track-changes` the `@odata.deltaLink` comes on the last page; a `$deltatoken` reads
 * the changes since (see {@link readDelta}).
 */
export async function readEntitySet(context: EmulatorContext, user: RequestUser, set: CatalogEntity, request: ApiRequest): Promise<ApiResponse> {
  validateOptions(request, QUERY_OPTIONS.entitySet);
  const entity = set.entity;
  const catalog = context.catalog();
  const preferences = parsePrefer(request.headers['prefer']);
  const fields = selectedFields(entity, request.query.get('$select'), catalog);
  const deltaToken = request.query.get('$deltatoken');
  const trackable = !context.settings.changeTrackingDisabled.includes(entity.name);
  if (deltaToken !== null && !trackable) throw queryError(`Change tracking is not enabled for the entity '${entity.name}'.`);
  // A table without change tracking ignores the preference: no delta link, and it is not applied.
  const tracking = (preferences.trackChanges && trackable) || deltaToken !== null;
  if (tracking && ['$filter', '$orderby', '$top', '$count'].some((option) => request.query.has(option))) {
    throw queryError('Change tracking does not support the query options $filter, $orderby, $top, $expand or $count; request the whole entity set.');
  }
  if (deltaToken !== null) return readDelta(context, user, set, request, preferences, fields, deltaToken);
  const where = countableFilter(context, set, request.query.get('$filter'));
  const { filter, versions } = where;
  const orderText = request.query.get('$orderby');
  const parsedOrder = orderText !== null ? parseOrderBy(entity, orderText, catalog) : [];
  // Row-version conditions are checked here, on the sorted path (by primary key when no order is asked).
  const keyField = entity.fields.find((f) => f.name === entity.primaryKey);
  const order = parsedOrder.length === 0 && versions.length > 0 && keyField ? [{ field: keyField, descending: false }] : parsedOrder;
  const top = topOf(request);
  const skipText = request.query.get('$skiptoken');
  const state = skipText !== null ? decodeSkipToken(skipText) : undefined;
  const pageSize = preferences.maxPageSize ?? MAX_PAGE_SIZE;
  const startVersion = tracking ? (state?.v ?? (await context.store.currentVersion())) : undefined;
  const remaining = top !== undefined ? Math.max(0, top - (state?.n ?? 0)) : Number.POSITIVE_INFINITY;
  const wanted = Math.min(pageSize, remaining);
  const storeFields = fields ? storeFieldNames(fields) : undefined;
  let records: CrmRecord[];
  let more: boolean;
  if (order.length === 0) {
    const page =
      wanted === 0
        ? { records: [] }
        : await context.store.readFull(user.principal, {
            entity: entity.name,
            ...(filter ? { filter } : {}),
            ...(storeFields ? { fields: storeFields } : {}),
            ...(state ? { afterId: state.a } : {}),
            limit: wanted + 1,
          });
    records = page.records.slice(0, wanted);
    more = page.records.length > wanted;
  } else {
    // Sorted reads: the store pages by primary key only, so the matching rows are sorted here and the cursor is (sort values, id).
    const all: CrmRecord[] = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await context.store.readFull(user.principal, {
        entity: entity.name,
        ...(filter ? { filter } : {}),
        ...(afterId ? { afterId } : {}),
        limit: READ_PAGE,
      });
      all.push(...page.records);
      if (page.done || page.lastId === undefined) break;
      afterId = page.lastId;
    }
    const keyed = all
      .filter((record) => matchesVersion(record, versions))
      .map((record) => ({ record, id: record.id, values: order.map((key) => sortValue(record, key.field)) }));
    keyed.sort((a, b) => compareRows(order, a, b));
    const cursor = state ? { id: state.a, values: state.s ?? [] } : undefined;
    const after = cursor ? keyed.filter((row) => compareRows(order, row, cursor) > 0) : keyed;
    records = after
      .slice(0, wanted)
      .map((row) =>
        storeFields
          ? { ...row.record, fields: Object.fromEntries(Object.entries(row.record.fields).filter(([name]) => storeFields.includes(name))) }
          : row.record,
      );
    more = after.length > wanted;
  }
  const returned = (state?.n ?? 0) + records.length;
  const rows = await rowsOf(context, entity, records, fields, preferences.annotations);
  const body: Record<string, unknown> = { '@odata.context': context.metadataUrl(contextFragment(set, fields)) };
  if (request.query.get('$count') === 'true') {
    body['@odata.count'] = await countRows(context, user, set, where);
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
