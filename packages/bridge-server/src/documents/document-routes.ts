import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CrmConnector, DocumentContent, DocumentItem, DocumentRecord } from '@fieldsync/connector-api';
import { createRequestContext, type ApiServices } from '@fieldsync/device-api';
import { FieldsyncError, readEntityDocuments, type EntityDocuments, type ValidationIssue } from '@fieldsync/model';
import { parseRangeHeader } from '../attachments/parse-range';
import { sendJsonError } from '../attachments/send-json-error';
import { streamBody } from '../http/stream-body';
import type { GraphDocumentsPool } from './graph-documents-pool';

/** Where the document routes start. */
export const DOCUMENTS_PATH = '/documents';

/** What the document routes need. */
export interface DocumentRoutesOptions {
  readonly services: ApiServices;
  /** The Graph backend; absent: every document route answers 404 `DOCUMENTS_NOT_CONFIGURED`. */
  readonly graph?: GraphDocumentsPool;
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
 *   206, streamed from Graph's download URL; an item that is not a file of that record's folder is 404.
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
      if (method !== 'GET' && method !== 'HEAD')
        throw new FieldsyncError('METHOD_NOT_ALLOWED', `${method} ${url.pathname} is not a route of the document API`, { method });
      const [, entity, id, itemId] = parts;
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
  const schema = (await connector.describe([entity])).entities.find((candidate) => candidate.name === entity);
  if (!schema) throw new FieldsyncError('UNKNOWN_ENTITY', `unknown entity '${entity}'`, { entity });
  const nameField = schema.primaryName;
  const page = await connector.readPage({
    entity,
    fields: nameField ? [schema.primaryKey, nameField] : [schema.primaryKey],
    filter: { kind: 'condition', field: schema.primaryKey, operator: 'eq', value: id },
    pageSize: 1,
  });
  const record = page.records[0];
  if (!record) throw new FieldsyncError('RECORD_NOT_FOUND', `${entity} '${id}' does not exist or you may not read it`, { entity, id });
  const name = nameField ? record.fields[nameField] : undefined;
  return { entity, id, name: typeof name === 'string' && name !== '' ? name : id };
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
