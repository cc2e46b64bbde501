import type { FilterNode } from '@fieldsync/model';
import type { CatalogEntity } from '../naming/entity-catalog';
import { odataFilterToStoreFilter } from '../odata/odata-filter-to-store-filter';
import { parseODataFilter } from '../odata/parse-odata-filter';
import type { ApiRequest, ApiResponse, EmulatorContext, RequestUser } from './emulator-context';
import { QUERY_OPTIONS, validateOptions } from './query-options';
import { matchesVersion, splitVersionConditions, type VersionCondition } from './row-version';

/** Rows read per store page when `versionnumber` conditions are counted here. */
const COUNT_PAGE = 5000;

/** A `$filter` as the store's filter plus the `versionnumber` conditions the emulator checks itself. */
export interface CountableFilter {
  readonly filter?: FilterNode;
  readonly versions: readonly VersionCondition[];
}

/** Parses a `$filter` (or none) of `set` into what {@link countRows} takes; 400 `0x80060888` when it is malformed. */
export function countableFilter(context: EmulatorContext, set: CatalogEntity, filterText: string | null): CountableFilter {
  if (filterText === null) return { versions: [] };
  const split = splitVersionConditions(parseODataFilter(filterText));
  const filter = split.rest ? odataFilterToStoreFilter(split.rest, set.entity, { catalog: context.catalog(), clock: context.clock }) : undefined;
  return { ...(filter ? { filter } : {}), versions: split.conditions };
}

/** How many rows of `set` the user may read and the filter selects. */
export async function countRows(context: EmulatorContext, user: RequestUser, set: CatalogEntity, where: CountableFilter): Promise<number> {
  const entity = set.entity.name;
  const filter = where.filter ? { filter: where.filter } : {};
  if (where.versions.length === 0) return (await context.store.count(user.principal, { entity, ...filter })).matching;
  let count = 0;
  let afterId: string | undefined;
  for (;;) {
    const page = await context.store.readFull(user.principal, { entity, ...filter, ...(afterId ? { afterId } : {}), limit: COUNT_PAGE });
    count += page.records.filter((record) => matchesVersion(record, where.versions)).length;
    if (page.done || page.lastId === undefined) return count;
    afterId = page.lastId;
  }
}

/**
 * `GET /{entityset}/$count`: the number of rows the user may read that `$filter` (if any) selects, as a
 * plain-text body, as Dataverse answers it. Other query options are refused with 400 `0x80060888`.
 */
export async function countEntitySet(context: EmulatorContext, user: RequestUser, set: CatalogEntity, request: ApiRequest): Promise<ApiResponse> {
  validateOptions(request, QUERY_OPTIONS.count);
  const count = await countRows(context, user, set, countableFilter(context, set, request.query.get('$filter')));
  return { status: 200, headers: { 'OData-Version': '4.0', 'Content-Type': 'text/plain; charset=utf-8' }, body: String(count) };
}
