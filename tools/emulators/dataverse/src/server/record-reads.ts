import type { EntitySchema } from '@fieldsync/model';
import type { CatalogEntity } from '../naming/entity-catalog';
import type { ApiRequest, ApiResponse, EmulatorContext, RequestUser } from './emulator-context';
import { parsePrefer, preferenceApplied } from './prefer-header';
import { QUERY_OPTIONS, validateOptions } from './query-options';
import { etagOf } from './record-json';
import { contextFragment, findVisible, recordNotFound, rowsOf, selectedFields } from './row-reads';

/** `GET /{entityset}(id)`: the row if the user may read it, with its `ETag`; 404 `0x80040217` otherwise; 304 for a matching `If-None-Match`. */
export async function readRecord(context: EmulatorContext, user: RequestUser, set: CatalogEntity, id: string, request: ApiRequest): Promise<ApiResponse> {
  validateOptions(request, QUERY_OPTIONS.record);
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
