import { randomUUID } from 'node:crypto';
import type { StoreWriteOperation, StoreWriteResult } from '@fieldsync/crm-store';
import type { EntitySchema } from '@fieldsync/model';
import type { CatalogEntity } from '../naming/entity-catalog';
import { DATAVERSE_ERROR_CODES, DataverseApiError, queryError } from './dataverse-api-error';
import type { ApiRequest, ApiResponse, EmulatorContext, RequestUser } from './emulator-context';
import { findVisible, recordNotFound, rowsOf, selectedFields } from './row-reads';
import { parsePrefer, preferenceApplied } from './prefer-header';
import { etagOf, parseWriteBody, versionOfEtag } from './record-json';

/** A write request turned into one store operation, answered once the store has applied it. */
export interface PlannedWrite {
  readonly set: CatalogEntity;
  readonly id: string;
  readonly operation: StoreWriteOperation;
  /** A note's attachment, stored after the record is written. */
  readonly attachment?: { readonly body: Uint8Array; readonly fileName: string; readonly mimeType: string };
  /** The response to the request, given the store's result (`ok` only). */
  respond(result: Extract<StoreWriteResult, { status: 'ok' }>): Promise<ApiResponse>;
}

/** The message Dataverse answers for a stale `If-Match`. */
export const STALE_ETAG_MESSAGE = "The version of the existing record doesn't match the RowVersion property provided.";

/** Properties of a note the server maintains: ignored in write bodies (the attachment sets them). */
const SERVER_NOTE_FIELDS = ['filesize', 'isdocument'];

function parseJsonBody(request: ApiRequest): unknown {
  const text = request.body.toString('utf8');
  if (text.trim() === '') throw queryError('The request body is empty; a JSON object is expected.');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DataverseApiError(400, DATAVERSE_ERROR_CODES.queryParse, `Invalid JSON. ${(error as Error).message}`);
  }
}

/**
 * The error response of a store result that is not `ok`: 403 `0x80040220` for privileges and field
 * security (the store's reason as message), 412 `0x80040237` for a duplicate id, 412 for a stale
 * version, 404 `0x80040217` for a missing record, 400 `0x80040203` for invalid values.
 */
export function storeFailure(entity: EntitySchema, result: StoreWriteResult): DataverseApiError {
  switch (result.status) {
    case 'conflict':
      return new DataverseApiError(412, '', STALE_ETAG_MESSAGE, { ETag: etagOf(result.serverRecord.version) });
    case 'not-found':
      return recordNotFound(entity, result.id);
    case 'failed': {
      const { code, message } = result.error;
      if (code === 'PERMISSION_DENIED')
        return new DataverseApiError(403, DATAVERSE_ERROR_CODES.privilegeDenied, `Principal user is missing the privilege for this operation: ${message}`);
      if (code === 'DUPLICATE_RECORD')
        return new DataverseApiError(412, DATAVERSE_ERROR_CODES.duplicateRecord, 'A record with matching key values already exists.');
      if (code === 'REFERENCE_NOT_FOUND') return new DataverseApiError(404, DATAVERSE_ERROR_CODES.objectNotFound, message);
      if (code === 'VALIDATION_FAILED') return new DataverseApiError(400, DATAVERSE_ERROR_CODES.invalidArgument, message);
      if (code === 'STORE_QUOTA_EXCEEDED') return new DataverseApiError(429, DATAVERSE_ERROR_CODES.serviceProtection, message, { 'Retry-After': '60' });
      return new DataverseApiError(500, DATAVERSE_ERROR_CODES.generic, `${code}: ${message}`);
    }
    case 'ok':
      return new DataverseApiError(500, DATAVERSE_ERROR_CODES.generic, 'not a failure');
  }
}

async function representation(
  context: EmulatorContext,
  user: RequestUser,
  set: CatalogEntity,
  id: string,
  request: ApiRequest,
): Promise<Record<string, unknown> | undefined> {
  const fields = selectedFields(set.entity, request.query.get('$select'), context.catalog());
  const record = await findVisible(context, user, set.entity, id, fields);
  if (!record) return undefined;
  const [row] = await rowsOf(context, set.entity, [record], fields, parsePrefer(request.headers['prefer']).annotations);
  return { '@odata.context': context.metadataUrl(`${set.entitySetName}/$entity`), ...row };
}

function answer(context: EmulatorContext, user: RequestUser, set: CatalogEntity, id: string, request: ApiRequest, createdStatus: 201 | 200) {
  return async (result: Extract<StoreWriteResult, { status: 'ok' }>): Promise<ApiResponse> => {
    const preferences = parsePrefer(request.headers['prefer']);
    const entityId = `${context.apiUrl}${set.entitySetName}(${id})`;
    const headers = { 'OData-Version': '4.0', 'OData-EntityId': entityId, ...(result.version ? { ETag: etagOf(result.version) } : {}) };
    if (preferences.returnRepresentation) {
      const body = await representation(context, user, set, id, request);
      if (body) return { status: createdStatus, headers: { ...headers, ...preferenceApplied(preferences, { returnRepresentation: true }) }, body };
    }
    return { status: 204, headers };
  };
}

function attachmentOf(entity: EntitySchema, parsed: ReturnType<typeof parseWriteBody>): PlannedWrite['attachment'] {
  if (!parsed.documentBody) return undefined;
  if (!entity.fields.some((f) => f.name === 'isdocument' || f.name === 'filename'))
    throw queryError(`The property 'documentbody' does not exist on type 'Microsoft.Dynamics.CRM.${entity.name}'.`);
  const fileName = typeof parsed.fields['filename'] === 'string' ? parsed.fields['filename'] : 'attachment';
  const mimeType = typeof parsed.fields['mimetype'] === 'string' ? parsed.fields['mimetype'] : 'application/octet-stream';
  return { body: parsed.documentBody, fileName, mimeType };
}

function bodyFields(entity: EntitySchema, parsed: ReturnType<typeof parseWriteBody>) {
  return Object.fromEntries(Object.entries(parsed.fields).filter(([name]) => !(entity.name === 'annotation' && SERVER_NOTE_FIELDS.includes(name))));
}

/** `POST /{entityset}`: a create; the body's primary key (a client GUID) is kept, else a new one is made. */
export function planCreate(context: EmulatorContext, user: RequestUser, set: CatalogEntity, request: ApiRequest): PlannedWrite {
  const parsed = parseWriteBody(context.catalog(), set.entity, parseJsonBody(request));
  const id = parsed.id ?? randomUUID();
  const attachment = attachmentOf(set.entity, parsed);
  return {
    set,
    id,
    operation: { kind: 'create', entity: set.entity.name, id, fields: bodyFields(set.entity, parsed), idempotencyKey: randomUUID() },
    ...(attachment ? { attachment } : {}),
    respond: answer(context, user, set, id, request, 201),
  };
}

/**
 * `PATCH /{entityset}(id)`: an upsert. `If-Match: W/"n"` updates only that version (stale: 412),
 * `If-Match: *` updates only (404 when missing), `If-None-Match: *` creates only (412 `0x80040237`
 * when it exists).
 */
export async function planPatch(context: EmulatorContext, user: RequestUser, set: CatalogEntity, id: string, request: ApiRequest): Promise<PlannedWrite> {
  const parsed = parseWriteBody(context.catalog(), set.entity, parseJsonBody(request));
  if (parsed.id !== undefined && parsed.id !== id)
    throw new DataverseApiError(
      400,
      DATAVERSE_ERROR_CODES.invalidArgument,
      `The body's ${set.entity.primaryKey} '${parsed.id}' differs from the id in the URL '${id}'.`,
    );
  const ifMatch = request.headers['if-match'];
  const ifNoneMatch = request.headers['if-none-match'];
  const exists = (await context.store.getAsSystem(set.entity.name, id)) !== undefined;
  const fields = bodyFields(set.entity, parsed);
  const attachment = attachmentOf(set.entity, parsed);
  const common = { set, id, ...(attachment ? { attachment } : {}) };
  if (exists) {
    if (ifNoneMatch?.trim() === '*')
      throw new DataverseApiError(412, DATAVERSE_ERROR_CODES.duplicateRecord, 'A record with matching key values already exists.');
    const baseVersion = ifMatch !== undefined ? versionOfEtag(ifMatch) : undefined;
    return {
      ...common,
      operation: { kind: 'update', entity: set.entity.name, id, fields, ...(baseVersion !== undefined ? { baseVersion } : {}), idempotencyKey: randomUUID() },
      respond: answer(context, user, set, id, request, 200),
    };
  }
  if (ifMatch !== undefined) throw recordNotFound(set.entity, id);
  return {
    ...common,
    operation: { kind: 'create', entity: set.entity.name, id, fields, idempotencyKey: randomUUID() },
    respond: answer(context, user, set, id, request, 201),
  };
}

/** `DELETE /{entityset}(id)`, with an optional `If-Match` version. */
export function planDelete(context: EmulatorContext, set: CatalogEntity, id: string, request: ApiRequest): PlannedWrite {
  const ifMatch = request.headers['if-match'];
  const baseVersion = ifMatch !== undefined ? versionOfEtag(ifMatch) : undefined;
  return {
    set,
    id,
    operation: { kind: 'delete', entity: set.entity.name, id, ...(baseVersion !== undefined ? { baseVersion } : {}), idempotencyKey: randomUUID() },
    respond: () => Promise.resolve({ status: 204, headers: { 'OData-Version': '4.0' } }),
  };
}

/** Stores a planned note attachment; a failure answers the store's error. */
export async function storeAttachment(context: EmulatorContext, user: RequestUser, plan: PlannedWrite): Promise<string | undefined> {
  if (!plan.attachment) return undefined;
  try {
    const stored = await context.store.putAttachment(user.principal, {
      entity: plan.set.entity.name,
      id: plan.id,
      ...plan.attachment,
      idempotencyKey: randomUUID(),
    });
    return stored.version;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'PERMISSION_DENIED') throw new DataverseApiError(403, DATAVERSE_ERROR_CODES.privilegeDenied, (error as Error).message);
    throw error;
  }
}

/** A write of an all-or-none group failed: which of the group's writes, and the error it answers. */
export class GroupWriteError extends Error {
  constructor(
    readonly index: number,
    readonly error: unknown,
  ) {
    super(error instanceof Error ? error.message : String(error));
    this.name = 'GroupWriteError';
  }
}

/**
 * Applies planned writes as the user. `atomic` (a change set): all in one store transaction, or none;
 * the answer is then the first failure, thrown as {@link GroupWriteError} naming it. Otherwise one write and its answer.
 */
export async function applyWrites(context: EmulatorContext, user: RequestUser, plans: readonly PlannedWrite[], atomic: boolean): Promise<ApiResponse[]> {
  const results = await context.store.write(
    user.principal,
    plans.map((p) => p.operation),
    { allOrNone: atomic },
  );
  // With all-or-none, the other operations answer ROLLED_BACK: the cause is the one that did not.
  const isRolledBack = (r: StoreWriteResult) => r.status === 'failed' && r.error.code === 'ROLLED_BACK';
  const cause = results.findIndex((r) => r.status !== 'ok' && !isRolledBack(r));
  const failedIndex = cause >= 0 ? cause : results.findIndex((r) => r.status !== 'ok');
  if (failedIndex >= 0) {
    const failed = results[failedIndex];
    const error = storeFailure(plans[failedIndex].set.entity, failed);
    throw atomic ? new GroupWriteError(failedIndex, error) : error;
  }
  const responses: ApiResponse[] = [];
  for (const [index, plan] of plans.entries()) {
    const result = results[index] as Extract<StoreWriteResult, { status: 'ok' }>;
    const version = await storeAttachment(context, user, plan);
    responses.push(await plan.respond(version ? { ...result, version } : result));
  }
  return responses;
}
