import { randomUUID } from 'node:crypto';
import { StoreHistoryExpiredError } from '@fieldsync/crm-store';
import type { CrmRecord, FieldSchema } from '@fieldsync/model';
import type { CatalogEntity } from '../naming/entity-catalog';
import { versionStampExpired } from './change-tokens';
import { queryError } from './dataverse-api-error';
import type { ApiRequest, ApiResponse, DeltaCursor, EmulatorContext, RequestUser } from './emulator-context';
import { deltaLink, queryString } from './odata-links';
import { MAX_PAGE_SIZE, preferenceApplied, type Preferences } from './prefer-header';
import { contextFragment, rowsOf, storeFieldNames } from './row-reads';

const READ_PAGE = 5000;

/**
 * A `$deltatoken` read: rows changed since the token's version (new and updated rows as rows), then
 * `$deletedEntity` entries for rows deleted since, and for rows that became invisible to the user
 * (unshared, reassigned; decision 092), paged by `odata.maxpagesize` (the entries are kept
 * server-side between pages), and a new `@odata.deltaLink` on the last page. A row created and deleted
 * between two tokens appears only as deleted. Expired tokens answer `0x80044352`.
 */
export async function readDelta(
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
      const page = await context.store.readChanges(user.principal, {
        entity: entity.name,
        afterVersion: version,
        ...(fields ? { fields: storeFieldNames(fields) } : {}),
        limit: READ_PAGE,
      });
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
      const page = await context.store.deletesSince(user.principal, {
        entity: entity.name,
        afterVersion,
        ...(cursor ? { afterCursor: cursor } : {}),
        limit: READ_PAGE,
      });
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
    deltaLink: deltaLink(
      context,
      { ...request, query: new URLSearchParams(fields ? { $select: request.query.get('$select') ?? '' } : {}) },
      Math.max(endVersion, afterVersion),
    ),
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
function deltaPage(
  context: EmulatorContext,
  request: ApiRequest,
  contextUrl: string,
  cursor: DeltaCursor,
  id: string,
  offset: number,
  pageSize: number,
): Record<string, unknown> {
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
