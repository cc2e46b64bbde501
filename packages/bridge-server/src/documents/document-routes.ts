import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import {
  AttachmentTooLargeError,
  PermissionDeniedError,
  type CrmConnector,
  type DocumentContent,
  type DocumentItem,
  type DocumentRecord,
} from '@fieldsync/connector-api';
import { createRequestContext, type ApiServices, type RequestContext } from '@fieldsync/device-api';
import { FieldsyncError, readEntityDocuments, type EntityDocuments, type ValidationIssue } from '@fieldsync/model';
import { parseRangeHeader } from '../attachments/parse-range';
import { sendJsonError } from '../attachments/send-json-error';
import { describeUpload, parseUploadInput, sendUploadAnswer } from '../attachments/upload-answer';
import type { UploadResult, UploadSession, UploadSessionStore } from '../attachments/upload-session-store';
import { readBody } from '../http/read-body';
import { streamBody } from '../http/stream-body';
import type { GraphDocumentsPool } from './graph-documents-pool';

/** Where the document routes start. */
export const DOCUMENTS_PATH = '/documents';

/** What the document routes need. */
export interface DocumentRoutesOptions {
  readonly services: ApiServices;
  /** The Graph backend; absent: every document route answers 404 `DOCUMENTS_NOT_CONFIGURED`. */
  readonly graph?: GraphDocumentsPool;
  /** The upload sessions, shared with the attachment routes (their `GET`/`PUT /uploads/{id}` carry a document upload too). */
  readonly uploads: UploadSessionStore;
  /** Largest document a device may upload, bytes. */
  readonly maxBytes: number;
  /** An upload session older than this (on the bridge's clock) is removed, ms. */
  readonly sessionTtlMs: number;
}

/** One item of a record's document folder, as `GET /documents/{entity}/{id}` lists it. */
export interface DocumentListEntry {
  readonly id: string;
  readonly name: string;
  readonly kind: 'file' | 'folder';
  /** Relative to the record folder, `offer.pdf` or `drafts/offer.docx`. */
  readonly path: string;
  readonly size: number;
  readonly eTag: string;
  /** Changes with the content only (files). */
  readonly cTag?: string;
  readonly mimeType?: string;
  readonly lastModified: string;
}

/**
 * The document routes beside `/attachments` (decision 179), authorised as GraphQL is, and only for a
 * record the signed-in user can read through the CRM (else 404 and no bytes):
 * - `GET /documents/{entity}/{id}`: `{ items, warning? }`, the record's SharePoint / OneDrive folder
 *   (made when missing, as Dynamics does when its Documents tab is opened); a OneDrive whose root folder
 *   is missing answers no items and the warning `onedrive-root-missing`;
 * - `GET /documents/{entity}/{id}/{itemId}` with an optional `Range: bytes=a-b` or `bytes=a-`: 200 or
 *   206, streamed from Graph's download URL; an item that is not a file of that record's folder is 404;
 * - `POST /documents/{entity}/{id}/uploads` (JSON `fileName`, `size`, `idempotencyKey`, `mimeType`?): an
 *   upload session of kind `document` for a record the user may write (else 403 `PERMISSION_DENIED`),
 *   sent and committed through `PUT /uploads/{id}` as an attachment is (decision 193).
 * Answers the status, or undefined when the path is not one of them.
 */
export function createDocumentRoutes(options: DocumentRoutesOptions) {
  const { services } = options;
  return async (request: IncomingMessage, response: ServerResponse, url: URL, clientAddress: string | undefined): Promise<number | undefined> => {
    const parts = url.pathname.split('/').slice(1).map(decodeURIComponent);
    if (parts[0] !== DOCUMENTS_PATH.slice(1) || (parts.length !== 3 && parts.length !== 4)) return undefined;
    try {
      const context = createRequestContext(services, headerOf(request, 'authorization') ?? null, clientAddress);
      const caller = await context.caller();
      const method = request.method ?? 'GET';
      const [, entity, id, itemId] = parts;
      if (method === 'POST' && itemId === 'uploads') {
        const input = parseUploadInput(await readBody(request, 64 * 1024), { defaultMimeType: 'application/octet-stream', sizeRequired: true });
        await documentsOf(services, caller.user.roles, entity);
        if (!options.graph) throw new FieldsyncError('DOCUMENTS_NOT_CONFIGURED', 'this bridge has no document backend (Microsoft Graph) configured', {});
        await writableRecord(await context.connector(), entity, id);
        if (input.size !== undefined && input.size > options.maxBytes) throw new AttachmentTooLargeError(id, input.size, options.maxBytes);
        await options.uploads.sweep(options.sessionTtlMs);
        const session = await options.uploads.create({ userId: caller.userId, entity, id, ...input, limit: options.maxBytes, kind: 'document' });
        return sendUploadAnswer(response, 201, await describeUpload(options.uploads, session));
      }
      if (method !== 'GET' && method !== 'HEAD')
        throw new FieldsyncError('METHOD_NOT_ALLOWED', `${method} ${url.pathname} is not a route of the document API`, { method });
      const documents = await documentsOf(services, caller.user.roles, entity);
      if (!options.graph) throw new FieldsyncError('DOCUMENTS_NOT_CONFIGURED', 'this bridge has no document backend (Microsoft Graph) configured', {});
      const record = await readableRecord(await context.connector(), entity, id);
      const graph = options.graph.connectorFor(documents);
      const folder = await graph.ensureRecordFolder(record);
      if (folder.kind === 'skipped') {
        services.log.warn({ event: 'documents.skipped', entity, id, code: folder.warning.code }, folder.warning.message);
        if (itemId !== undefined) throw new FieldsyncError('DOCUMENT_NOT_FOUND', `${entity} '${id}' has no documents: ${folder.warning.message}`, {});
        return json(response, { items: [], warning: folder.warning });
      }
      const { items } = await graph.listFolder(record);
      if (itemId === undefined) return json(response, { items: items.map(entryOf) });
      const item = items.find((candidate) => candidate.id === itemId && candidate.kind === 'file');
      if (!item) throw new FieldsyncError('DOCUMENT_NOT_FOUND', `${entity} '${id}' has no document '${itemId}'`, { itemId });
      const range = parseRangeHeader(headerOf(request, 'range'));
      return await read(request, response, item, range !== undefined, await graph.read(record, item.id, range));
    } catch (error) {
      const size = FieldsyncError.is(error, 'RANGE_NOT_SATISFIABLE') ? (error as FieldsyncError).details.size : undefined;
      return sendJsonError(response, error, typeof size === 'number' && size >= 0 ? { 'content-range': `bytes */${size}` } : {});
    }
  };
}

/**
 * Stores the file of a committed document upload session: checks again that the caller may write the
 * record (the session may be a day old), then sends the bytes to the record's folder through a Graph
 * upload session (a file of that name is replaced, so a commit repeated after a lost answer never makes a
 * second file). The result carries the stored item as `GET /documents/{entity}/{id}` lists it.
 */
export function createDocumentCommit(options: Pick<DocumentRoutesOptions, 'services' | 'graph'>) {
  return async (session: UploadSession, body: Readable, context: RequestContext): Promise<UploadResult> => {
    const caller = await context.caller();
    const documents = await documentsOf(options.services, caller.user.roles, session.entity);
    if (!options.graph) throw new FieldsyncError('DOCUMENTS_NOT_CONFIGURED', 'this bridge has no document backend (Microsoft Graph) configured', {});
    const record = await writableRecord(await context.connector(), session.entity, session.id);
    const graph = options.graph.connectorFor(documents);
    const size = session.size ?? 0;
    const upload = await graph.startUpload(record, session.fileName, size);
    const item = await graph.uploadFrom(upload, body, 0);
    return { size: item.size, version: item.cTag ?? item.eTag, item: { ...entryOf(item) } };
  };
}

/**
 * A record the user may read (else `RECORD_NOT_FOUND`) and write (else `PERMISSION_DENIED`): the
 * entity's write privilege, and at user depth the record's owner is the user or one of their teams.
 * Business-unit and organization depth are taken as granted for a record the user can read (the CRM
 * checked the read at the same depth or wider).
 */
async function writableRecord(connector: CrmConnector, entity: string, id: string): Promise<DocumentRecord> {
  const { record, owner } = await readRecord(connector, entity, id);
  const permissions = await connector.permissions();
  const depth = permissions.entities[entity]?.write ?? 'none';
  if (depth === 'none') throw new PermissionDeniedError(entity, 'write', `you may not write ${entity} records, so you may not add documents to '${id}'`);
  if (depth === 'user') {
    const me = (await connector.whoAmI()).userId;
    if (owner === undefined || (owner !== me && !permissions.teams.includes(owner)))
      throw new PermissionDeniedError(entity, 'write', `you may write only your own ${entity} records; '${id}' is not yours`);
  }
  return record;
}

/** The entity's document backend in the customization the user gets; 404 `DOCUMENTS_NOT_CONFIGURED` when it names none. */
async function documentsOf(services: ApiServices, roles: readonly string[], entity: string): Promise<EntityDocuments> {
  const stored = await services.state.customizations.forRoles(roles);
  const entities = (stored?.content as { entities?: unknown } | undefined)?.entities;
  const config = Array.isArray(entities)
    ? (entities as unknown[]).find((candidate) => (candidate as { entity?: unknown } | null)?.entity === entity)
    : undefined;
  const issues: ValidationIssue[] = [];
  const documents = readEntityDocuments((config as { documents?: unknown } | undefined)?.documents, 'documents', issues);
  if (!documents) throw new FieldsyncError('DOCUMENTS_NOT_CONFIGURED', `your customization names no document backend for '${entity}'`, { entity });
  return documents;
}

/**
 * Reads the record as the signed-in user through the CRM (its access rules apply): a record the user
 * cannot read is `RECORD_NOT_FOUND` (404), as the attachment routes answer. Its primary name names the folder.
 */
async function readableRecord(connector: CrmConnector, entity: string, id: string): Promise<DocumentRecord> {
  return (await readRecord(connector, entity, id)).record;
}

/** {@link readableRecord}, with the id of the record's owner when the entity has an owner field. */
async function readRecord(connector: CrmConnector, entity: string, id: string): Promise<{ record: DocumentRecord; owner?: string }> {
  const schema = (await connector.describe([entity])).entities.find((candidate) => candidate.name === entity);
  if (!schema) throw new FieldsyncError('UNKNOWN_ENTITY', `unknown entity '${entity}'`, { entity });
  const nameField = schema.primaryName;
  const ownerField = schema.fields.find((field) => field.type === 'owner')?.name;
  const page = await connector.readPage({
    entity,
    fields: [schema.primaryKey, ...(nameField ? [nameField] : []), ...(ownerField ? [ownerField] : [])],
    filter: { kind: 'condition', field: schema.primaryKey, operator: 'eq', value: id },
    pageSize: 1,
  });
  const record = page.records[0];
  if (!record) throw new FieldsyncError('RECORD_NOT_FOUND', `${entity} '${id}' does not exist or you may not read it`, { entity, id });
  const name = nameField ? record.fields[nameField] : undefined;
  const owner = ownerField ? record.fields[ownerField] : undefined;
  const ownerId = owner && typeof owner === 'object' && 'id' in owner && typeof owner.id === 'string' ? owner.id : undefined;
  return { record: { entity, id, name: typeof name === 'string' && name !== '' ? name : id }, ...(ownerId ? { owner: ownerId } : {}) };
}

/** Streams one file (or a range of it). */
async function read(request: IncomingMessage, response: ServerResponse, item: DocumentItem, ranged: boolean, content: DocumentContent): Promise<number> {
  const headers: Record<string, string> = {
    'content-type': item.mimeType ?? 'application/octet-stream',
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(item.name)}`,
    'accept-ranges': 'bytes',
    'cache-control': 'private, no-store',
    etag: item.cTag ?? item.eTag,
  };
  let status = 200;
  if (ranged) {
    status = 206;
    headers['content-range'] = `bytes ${content.range.start}-${content.range.end}/${content.size}`;
    headers['content-length'] = String(content.range.end - content.range.start + 1);
  } else headers['content-length'] = String(content.size);
  response.writeHead(status, headers);
  if (request.method === 'HEAD') {
    await content.body[Symbol.asyncIterator]().return?.();
    response.end();
    return status;
  }
  await streamBody(response, content.body);
  return status;
}

function entryOf(item: DocumentItem): DocumentListEntry {
  return {
    id: item.id,
    name: item.name,
    kind: item.kind,
    path: item.path,
    size: item.size,
    eTag: item.eTag,
    ...(item.cTag ? { cTag: item.cTag } : {}),
    ...(item.mimeType ? { mimeType: item.mimeType } : {}),
    lastModified: item.lastModified,
  };
}

function json(response: ServerResponse, body: unknown): number {
  response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'private, no-store' }).end(JSON.stringify(body));
  return 200;
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
