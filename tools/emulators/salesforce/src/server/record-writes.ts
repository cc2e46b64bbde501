import { randomUUID } from 'node:crypto';
import type { StoreWriteOperation, StoreWriteResult } from '@fieldsync/crm-store';
import { canonicalDateTime, type EntityReference, type FieldValue, type FieldValues } from '@fieldsync/model';
import { EXTERNAL_ID_FIELD, type SObjectField, type SObjectType } from '../naming/sobject-naming';
import type { EmulatorCore, RequestUser } from './emulator-core';
import { SalesforceApiError } from './salesforce-api-error';

/** A per-record error of sObject Collections. */
export interface RecordError {
  readonly statusCode: string;
  readonly message: string;
  readonly fields: readonly string[];
}

/** A per-record result of sObject Collections. */
export interface RecordResult {
  id?: string;
  success: boolean;
  errors: RecordError[];
  created?: boolean;
}

/** The most records one sObject Collections call takes. */
export const COLLECTION_LIMIT = 200;

class RecordProblem extends Error {
  constructor(readonly error: RecordError) {
    super(error.message);
  }
}

const problem = (statusCode: string, message: string, fields: readonly string[] = []) => new RecordProblem({ statusCode, message, fields });

const ROLLED_BACK: RecordError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

/** A Salesforce JSON value as a crm-store field value. */
async function toFieldValue(core: EmulatorCore, field: SObjectField, value: unknown): Promise<FieldValue> {
  if (value === null || value === undefined || value === '') return field.type === 'boolean' ? false : null;
  const bad = () => problem('FIELD_INTEGRITY_EXCEPTION', `${field.name}: bad value for ${field.type} field: ${JSON.stringify(value)}`, [field.name]);
  switch (field.type) {
    case 'string':
    case 'textarea':
      if (typeof value !== 'string') throw bad();
      if (field.source?.maxLength !== undefined && value.length > field.source.maxLength) {
        throw problem('STRING_TOO_LONG', `${field.label}: data value too large: ${value.slice(0, 40)} (max length=${field.source.maxLength})`, [field.name]);
      }
      return value;
    case 'int':
    case 'double':
    case 'currency': {
      const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
      if (!Number.isFinite(n) || (field.type === 'int' && !Number.isInteger(n))) throw bad();
      return n;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw bad();
    case 'datetime':
      try {
        return canonicalDateTime(String(value));
      } catch {
        throw bad();
      }
    case 'date': {
      const text = String(value).slice(0, 10);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) throw bad();
      return text;
    }
    case 'picklist': {
      const n = Number(value);
      if (!(field.source?.options ?? []).some((option) => option.value === n)) {
        throw problem('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${field.label}: bad value for restricted picklist field: ${String(value)}`, [field.name]);
      }
      return n;
    }
    case 'reference': {
      if (typeof value !== 'string') throw bad();
      return referenceOf(core, field, value);
    }
    default:
      throw bad();
  }
}

/** Which entity a reference id points at: the one target, or the first target holding that id. */
async function referenceOf(core: EmulatorCore, field: SObjectField, id: string): Promise<EntityReference> {
  if (field.source?.type === 'owner') return { entity: (await core.store.getUser(id)) ? 'systemuser' : 'team', id };
  const targets = field.source?.targets ?? [];
  if (targets.length > 1) {
    for (const target of targets) {
      if (core.store.schema().entities.some((e) => e.name === target) && (await core.store.getAsSystem(target, id))) return { entity: target, id };
    }
  }
  return { entity: targets[0] ?? '', id };
}

/** Converts a Salesforce record body to crm-store fields; throws a {@link RecordProblem} for a field Salesforce would refuse. */
async function toFields(
  core: EmulatorCore,
  user: RequestUser,
  type: SObjectType,
  body: Record<string, unknown>,
  mode: 'create' | 'update',
): Promise<{ fields: FieldValues; externalId?: string; blob?: Buffer }> {
  const fields: Record<string, FieldValue> = {};
  let externalId: string | undefined;
  let blob: Buffer | undefined;
  for (const [key, value] of Object.entries(body)) {
    if (key === 'attributes') continue;
    const field = type.fieldByLowerName.get(key.toLowerCase());
    if (!field || !core.readable(user, type, field)) throw problem('INVALID_FIELD', `No such column '${key}' on sobject of type ${type.name}`, [key]);
    if (field.synthetic === 'id') {
      if (mode === 'create') throw problem('INVALID_FIELD', 'Id not allowed on create: use upsert on ' + EXTERNAL_ID_FIELD, ['Id']);
      continue;
    }
    if (field.synthetic === 'body') {
      if (typeof value !== 'string') throw problem('FIELD_INTEGRITY_EXCEPTION', 'Body: base64 text is needed', ['Body']);
      blob = Buffer.from(value, 'base64');
      continue;
    }
    if (field.synthetic === 'externalId') {
      if (typeof value !== 'string' || value === '')
        throw problem('FIELD_INTEGRITY_EXCEPTION', `${EXTERNAL_ID_FIELD}: a non-empty text is needed`, [field.name]);
      externalId = value;
      continue;
    }
    const secured = field.source ? user.permissions.fields[type.entity.name]?.[field.source.name] : undefined;
    const allowed = field.synthetic === undefined && field.source?.readOnly !== true && (!secured || (mode === 'create' ? secured.create : secured.update));
    if (!allowed || !field.source) {
      throw problem(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${field.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        [field.name],
      );
    }
    fields[field.source.name] = await toFieldValue(core, field, value);
  }
  return { fields, externalId, blob };
}

/** Stores a record's body (base64 `Body` of a single-record write) through the store, as the user. */
async function putBody(core: EmulatorCore, user: RequestUser, type: SObjectType, id: string, body: Record<string, unknown>, blob: Buffer): Promise<void> {
  const record = await core.store.getAsSystem(type.entity.name, id);
  const given = (name: string) => {
    const field = type.fieldBySource.get(name);
    const value = field ? findKey(body, field.name) : undefined;
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const stored = (name: string) => (typeof record?.fields[name] === 'string' ? (record.fields[name] as string) : undefined);
  await core.store.putAttachment(user.principal, {
    entity: type.entity.name,
    id,
    fileName: given('filename') ?? stored('filename') ?? 'attachment',
    mimeType: given('mimetype') ?? stored('mimetype') ?? 'application/octet-stream',
    body: new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength),
    idempotencyKey: key(),
  });
}

/** Collections carry no bodies: a record with `Body` is refused (send it with the single-record call). */
function noBody(type: SObjectType, blob: Buffer | undefined): void {
  if (blob !== undefined)
    throw problem('INVALID_FIELD', `Body of ${type.name}: send bodies one record at a time (POST or PATCH /sobjects/${type.name})`, ['Body']);
}

/** A store failure code as Salesforce's status code. */
function statusOf(result: Exclude<StoreWriteResult, { status: 'ok' }>, type: SObjectType): RecordError {
  if (result.status === 'not-found') return { statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] };
  if (result.status === 'conflict') return { statusCode: 'PRECONDITION_FAILED', message: 'The record was modified since the version given', fields: [] };
  const { code, message, field } = result.error;
  const fields = field ? [type.fieldBySource.get(field)?.name ?? (field === type.entity.primaryKey ? 'Id' : field)] : [];
  switch (code) {
    case 'ROLLED_BACK':
      return ROLLED_BACK;
    case 'VALIDATION_FAILED':
      return {
        statusCode: /required/i.test(message) ? 'REQUIRED_FIELD_MISSING' : /long|length/i.test(message) ? 'STRING_TOO_LONG' : 'FIELD_INTEGRITY_EXCEPTION',
        message,
        fields,
      };
    case 'PERMISSION_DENIED':
      return field && !/append|owner/i.test(message)
        ? { statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', message, fields }
        : { statusCode: 'INSUFFICIENT_ACCESS_OR_READONLY', message: `insufficient access rights on object id: ${message}`, fields: [] };
    case 'REFERENCE_NOT_FOUND':
      return { statusCode: 'INVALID_CROSS_REFERENCE_KEY', message, fields };
    case 'DUPLICATE_RECORD':
      return {
        statusCode: 'DUPLICATE_VALUE',
        message: `duplicate value found: ${EXTERNAL_ID_FIELD} duplicates value on record with id: ${result.id ?? ''}`,
        fields: [EXTERNAL_ID_FIELD],
      };
    case 'STORE_QUOTA_EXCEEDED':
      return { statusCode: 'REQUEST_LIMIT_EXCEEDED', message, fields: [] };
    default:
      return { statusCode: 'UNKNOWN_EXCEPTION', message, fields };
  }
}

/** One record's planned operation, or the problem that stops it before the store. */
type Planned = { op: StoreWriteOperation; type: SObjectType; created?: boolean } | { error: RecordError };

/**
 * Runs planned operations through `store.write` as the user (privileges, sharing and field-level
 * security enforced by the store) and answers Salesforce's per-record results. With `allOrNone`, a
 * record refused before the store stops everything: nothing is written.
 */
async function execute(core: EmulatorCore, user: RequestUser, planned: Planned[], allOrNone: boolean): Promise<RecordResult[]> {
  if (allOrNone && planned.some((p) => 'error' in p)) {
    return planned.map((p) => ({ success: false, errors: ['error' in p ? p.error : ROLLED_BACK] }));
  }
  const runnable = planned.filter((p): p is Extract<Planned, { op: StoreWriteOperation }> => 'op' in p);
  const results =
    runnable.length > 0
      ? await core.store.write(
          user.principal,
          runnable.map((p) => p.op),
          { allOrNone },
        )
      : [];
  let next = 0;
  return planned.map((p) => {
    if ('error' in p) return { success: false, errors: [p.error] };
    const result = results[next++];
    if (result.status === 'ok') return { id: result.id, success: true, errors: [], ...(p.created !== undefined ? { created: p.created } : {}) };
    const error = statusOf(result, p.type);
    return { ...(error === ROLLED_BACK || result.status === 'failed' ? {} : { id: result.id }), success: false, errors: [error] };
  });
}

function typeOfRecord(core: EmulatorCore, user: RequestUser, record: Record<string, unknown>, fallback?: SObjectType): SObjectType {
  const attributes = record.attributes as { type?: unknown } | undefined;
  const name = typeof attributes?.type === 'string' ? attributes.type : undefined;
  if (name === undefined) {
    if (fallback) return fallback;
    throw new SalesforceApiError(400, 'INVALID_TYPE', 'Must send a concrete entity type.');
  }
  const type = user.catalog.find(name);
  if (!type || !core.visibleType(user, type)) throw new SalesforceApiError(400, 'INVALID_TYPE', `sObject type '${name}' is not supported.`);
  return type;
}

function recordsOf(body: unknown): Record<string, unknown>[] {
  const records = (body as { records?: unknown } | null)?.records;
  if (!Array.isArray(records) || records.some((r) => typeof r !== 'object' || r === null)) {
    throw new SalesforceApiError(400, 'JSON_PARSER_ERROR', 'records: an array of objects is required');
  }
  if (records.length > COLLECTION_LIMIT) {
    throw new SalesforceApiError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${COLLECTION_LIMIT} records into this call`);
  }
  return records as Record<string, unknown>[];
}

const key = () => randomUUID();

/** A single-record body must be a JSON object; anything else is 400 `JSON_PARSER_ERROR`. */
function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new SalesforceApiError(400, 'JSON_PARSER_ERROR', 'a JSON object is required');
  return body as Record<string, unknown>;
}

async function plan<T>(work: () => Promise<T>): Promise<T | { error: RecordError }> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RecordProblem) return { error: error.error };
    throw error;
  }
}

/** `POST /composite/sobjects`: creates up to 200 records (an external id, when given, becomes the record's id). */
export async function createCollection(core: EmulatorCore, user: RequestUser, body: unknown, single = false): Promise<RecordResult[]> {
  const records = recordsOf(body);
  const allOrNone = (body as { allOrNone?: unknown }).allOrNone === true;
  const types = records.map((record) => typeOfRecord(core, user, record));
  const planned: Planned[] = [];
  for (const [index, record] of records.entries()) {
    const type = types[index];
    planned.push(
      await plan(async () => {
        const { fields, externalId, blob } = await toFields(core, user, type, record, 'create');
        if (!single) noBody(type, blob);
        return { type, op: { kind: 'create' as const, entity: type.entity.name, id: externalId, fields, idempotencyKey: key() } };
      }),
    );
  }
  return execute(core, user, planned, allOrNone);
}

/** `PATCH /composite/sobjects`: updates up to 200 records named by `Id`. */
export async function updateCollection(core: EmulatorCore, user: RequestUser, body: unknown): Promise<RecordResult[]> {
  const records = recordsOf(body);
  const allOrNone = (body as { allOrNone?: unknown }).allOrNone === true;
  const types = records.map((record) => typeOfRecord(core, user, record));
  const planned: Planned[] = [];
  for (const [index, record] of records.entries()) {
    const type = types[index];
    planned.push(
      await plan(async () => {
        const id = record.Id ?? record.id;
        if (typeof id !== 'string' || id === '') throw problem('MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
        const { fields, blob } = await toFields(core, user, type, record, 'update');
        noBody(type, blob);
        return { type, op: { kind: 'update' as const, entity: type.entity.name, id, fields, idempotencyKey: key() } };
      }),
    );
  }
  return execute(core, user, planned, allOrNone);
}

/** `PATCH /composite/sobjects/{type}/{externalIdField}`: upserts up to 200 records by external id. */
export async function upsertCollection(
  core: EmulatorCore,
  user: RequestUser,
  type: SObjectType,
  externalIdField: string,
  body: unknown,
): Promise<RecordResult[]> {
  checkExternalIdField(type, externalIdField);
  const records = recordsOf(body);
  const allOrNone = (body as { allOrNone?: unknown }).allOrNone === true;
  const planned: Planned[] = [];
  for (const record of records) {
    typeOfRecord(core, user, record, type);
    planned.push(await plan(() => planUpsert(core, user, type, record, record[externalIdField] ?? findKey(record, externalIdField))));
  }
  return execute(core, user, planned, allOrNone);
}

function findKey(record: Record<string, unknown>, name: string): unknown {
  const entry = Object.entries(record).find(([k]) => k.toLowerCase() === name.toLowerCase());
  return entry?.[1];
}

/** Only the external-id field (or `Id`) can key an upsert. */
export function checkExternalIdField(type: SObjectType, name: string): void {
  const field = type.fieldByLowerName.get(name.toLowerCase());
  if (!field || (field.synthetic !== 'externalId' && field.synthetic !== 'id')) {
    throw new SalesforceApiError(400, 'INVALID_FIELD', `Field ${name} is not an External ID or indexed field for ${type.name}`);
  }
}

/** Plans an upsert: an update when a record with that id exists, else a create keeping the id. */
export async function planUpsert(core: EmulatorCore, user: RequestUser, type: SObjectType, record: Record<string, unknown>, value: unknown): Promise<Planned> {
  if (typeof value !== 'string' || value === '') throw problem('MISSING_ARGUMENT', `${EXTERNAL_ID_FIELD} not specified`, [EXTERNAL_ID_FIELD]);
  const exists = (await core.store.getAsSystem(type.entity.name, value)) !== undefined;
  const body = Object.fromEntries(Object.entries(record).filter(([k]) => k.toLowerCase() !== EXTERNAL_ID_FIELD.toLowerCase() && k !== 'Id'));
  const { fields, blob } = await toFields(core, user, type, body, exists ? 'update' : 'create');
  noBody(type, blob);
  const op: StoreWriteOperation = exists
    ? { kind: 'update', entity: type.entity.name, id: value, fields, idempotencyKey: key() }
    : { kind: 'create', entity: type.entity.name, id: value, fields, idempotencyKey: key() };
  return { type, op, created: !exists };
}

/** The entity holding a record id (ids are unique across the store in practice: UUIDs). */
async function typeOfId(core: EmulatorCore, user: RequestUser, id: string): Promise<SObjectType | undefined> {
  for (const type of user.catalog.types) if (await core.store.getAsSystem(type.entity.name, id)) return type;
  return undefined;
}

/** `DELETE /composite/sobjects?ids=a,b&allOrNone=`: deletes up to 200 records. */
export async function deleteCollection(core: EmulatorCore, user: RequestUser, query: URLSearchParams): Promise<RecordResult[]> {
  const ids = (query.get('ids') ?? '').split(',').filter((id) => id !== '');
  if (ids.length === 0) throw new SalesforceApiError(400, 'MISSING_ARGUMENT', 'ids not specified');
  if (ids.length > COLLECTION_LIMIT)
    throw new SalesforceApiError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${COLLECTION_LIMIT} records into this call`);
  const allOrNone = query.get('allOrNone') === 'true';
  const planned: Planned[] = [];
  for (const id of ids) {
    const type = await typeOfId(core, user, id);
    planned.push(
      type
        ? { type, op: { kind: 'delete', entity: type.entity.name, id, idempotencyKey: key() } }
        : { error: { statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] } },
    );
  }
  const results = await execute(core, user, planned, allOrNone);
  return results.map((result, index) => ({ ...result, id: result.success ? ids[index] : result.id }));
}

/** A single-record write's outcome as an HTTP error (400 with the record error, 404 for a missing record). */
function raise(result: RecordResult): never {
  const error = result.errors[0];
  const status = error.statusCode === 'ENTITY_IS_DELETED' ? 404 : error.statusCode === 'INSUFFICIENT_ACCESS_OR_READONLY' ? 403 : 400;
  throw new SalesforceApiError(status, error.statusCode, error.message, error.fields);
}

/** `POST /sobjects/{type}`: creates one record; 201 `{id, success, errors}`. */
export async function createOne(core: EmulatorCore, user: RequestUser, type: SObjectType, body: unknown): Promise<RecordResult> {
  const record = { ...asObject(body), attributes: { type: type.name } };
  const [result] = await createCollection(core, user, { allOrNone: true, records: [record] }, true);
  if (!result.success) raise(result);
  const blob = (await plan(async () => (await toFields(core, user, type, record, 'create')).blob)) as Buffer | undefined;
  if (blob !== undefined && result.id !== undefined) await putBody(core, user, type, result.id, record, blob);
  return result;
}

/** `PATCH /sobjects/{type}/{extIdField}/{value}`: upserts one record; `created` tells which. */
export async function upsertOne(core: EmulatorCore, user: RequestUser, type: SObjectType, field: string, value: string, body: unknown): Promise<RecordResult> {
  checkExternalIdField(type, field);
  const planned = await plan(() => planUpsert(core, user, type, asObject(body), value));
  const [result] = await execute(core, user, [planned], true);
  if (!result.success) raise(result);
  return result;
}

/**
 * `PATCH /sobjects/{type}/{id}`: updates one record. With `baseVersion` (from `If-Match` or
 * `If-Unmodified-Since`) the store compares versions inside its write transaction, so a stale write
 * answers a conflict atomically.
 */
export async function updateOne(
  core: EmulatorCore,
  user: RequestUser,
  type: SObjectType,
  id: string,
  body: unknown,
  baseVersion: string | undefined,
): Promise<{ ok: true } | { conflict: true }> {
  const planned = await plan(async () => {
    const { fields, blob } = await toFields(core, user, type, asObject(body), 'update');
    return { type, blob, op: { kind: 'update' as const, entity: type.entity.name, id, fields, baseVersion, idempotencyKey: key() } };
  });
  if ('error' in planned) raise({ success: false, errors: [planned.error] });
  const [result] = await core.store.write(user.principal, [planned.op]);
  if (result.status === 'ok') {
    if (planned.blob !== undefined) await putBody(core, user, type, id, body as Record<string, unknown>, planned.blob);
    return { ok: true };
  }
  if (result.status === 'conflict') return { conflict: true };
  return raise({ success: false, errors: [statusOf(result, type)] });
}

/** `DELETE /sobjects/{type}/{id}`: 204, or 404 `ENTITY_IS_DELETED`. */
export async function deleteOne(core: EmulatorCore, user: RequestUser, type: SObjectType, id: string): Promise<void> {
  const [result] = await core.store.write(user.principal, [{ kind: 'delete', entity: type.entity.name, id, idempotencyKey: key() }]);
  if (result.status !== 'ok') raise({ success: false, errors: [statusOf(result, type)] });
}
