import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { AttachmentTooLargeError, type AttachmentKind, type AttachmentRef, type CrmConnector } from '@fieldsync/connector-api';
import { createRequestContext, type ApiServices, type RequestContext } from '@fieldsync/device-api';
import { FieldsyncError, ValidationError } from '@fieldsync/model';
import { discardRequestBody } from '../http/discard-request-body';
import { readBody } from '../http/read-body';
import { streamBody } from '../http/stream-body';
import { attachmentSizeLimit } from './attachment-size-limit';
import { parseContentRange, parseRangeHeader } from './parse-range';
import { sendJsonError, statusOf } from './send-json-error';
import { describeUpload, parseUploadInput, sendUploadAnswer } from './upload-answer';
import type { UploadResult, UploadSession, UploadSessionStore } from './upload-session-store';

/** Where the attachment routes start. */
export const ATTACHMENTS_PATH = '/attachments';
/** Where upload sessions live. */
export const UPLOADS_PATH = '/uploads';

/** What the attachment routes need. */
export interface AttachmentRoutesOptions {
  readonly services: ApiServices;
  readonly uploads: UploadSessionStore;
  /** Largest attachment a device may upload, bytes (a customization's BlobStoreFilter may set less). */
  readonly maxAttachmentBytes: number;
  /** Largest chunk of one PUT, bytes. */
  readonly maxChunkBytes: number;
  /** An upload session older than this (on the bridge's clock) is removed, ms. */
  readonly sessionTtlMs: number;
  /**
   * Stores the file of a document upload session (`kind: 'document'`, created by the document routes)
   * as the caller; absent: such a session's commit is refused `DOCUMENTS_NOT_CONFIGURED`.
   */
  readonly commitDocument?: (session: UploadSession, body: Readable, context: RequestContext) => Promise<UploadResult>;
}

/**
 * The attachment routes beside `/graphql` (docs/decisions/167), authorised as GraphQL is (the bearer
 * access token, its session, the device not wiped, the user enabled), acting as the signed-in user
 * through the backend connector so the CRM's access rules apply:
 * - `GET /attachments/{entity}/{id}` with an optional `Range: bytes=a-b` or `bytes=a-`: 200 or 206, streamed;
 *   `?kind=image` reads the record's entity image instead (decision 181); an `ETag` when the backend
 *   has one, `If-None-Match` answered 304, and `If-Range` honoured (another tag: the whole body, 200);
 * - `POST /attachments/{entity}/{id}/uploads` (JSON `fileName`, `mimeType`, `size`?, `idempotencyKey`): an upload session;
 * - `GET /uploads/{uploadId}`: its offset (and result once committed);
 * - `PUT /uploads/{uploadId}` with `Content-Range: bytes a-b/total` (or `/*`): one chunk; the last one
 *   commits the file; `bytes *\/total` with no body commits what was sent.
 * Answers the status, or undefined when the path is not one of them.
 */
export function createAttachmentRoutes(options: AttachmentRoutesOptions) {
  const { services, uploads } = options;
  const describe = (session: UploadSession) => describeUpload(uploads, session);
  const answer = sendUploadAnswer;
  return async (request: IncomingMessage, response: ServerResponse, url: URL, clientAddress: string | undefined): Promise<number | undefined> => {
    const parts = url.pathname.split('/').slice(1).map(decodeURIComponent);
    const method = request.method ?? 'GET';
    const isAttachment = parts[0] === ATTACHMENTS_PATH.slice(1) && (parts.length === 3 || (parts.length === 4 && parts[3] === 'uploads'));
    const isUpload = parts[0] === UPLOADS_PATH.slice(1) && parts.length === 2;
    if (!isAttachment && !isUpload) return undefined;
    try {
      const context = createRequestContext(services, headerOf(request, 'authorization') ?? null, clientAddress);
      const caller = await context.caller();
      if (isAttachment && parts.length === 3 && (method === 'GET' || method === 'HEAD')) {
        return await read(request, response, await context.connector(), { entity: parts[1], id: parts[2], ...kindOf(url) });
      }
      if (isAttachment && parts.length === 4 && method === 'POST') {
        const input = parseUploadInput(await readBody(request, 64 * 1024));
        const limit = await attachmentSizeLimit(services, caller.user.roles, options.maxAttachmentBytes);
        if (input.size !== undefined && input.size > limit.bytes) throw tooLarge(parts[2], input.size, limit.bytes, limit.rule);
        await uploads.sweep(options.sessionTtlMs);
        const session = await uploads.create({ userId: caller.userId, entity: parts[1], id: parts[2], ...input, limit: limit.bytes });
        return answer(response, 201, await describe(session));
      }
      if (isUpload && method === 'GET') return answer(response, 200, await describe(await uploads.get(parts[1], caller.userId)));
      if (isUpload && method === 'PUT') {
        const session = await uploads.get(parts[1], caller.userId);
        return await putChunk(request, response, session, context);
      }
      throw new FieldsyncError('METHOD_NOT_ALLOWED', `${method} ${url.pathname} is not a route of the attachment API`, { method });
    } catch (error) {
      return sendJsonError(response, error);
    }
  };

  async function putChunk(request: IncomingMessage, response: ServerResponse, session: UploadSession, context: RequestContext): Promise<number> {
    if (session.result) return answer(response, 200, await describe(session));
    const range = parseContentRange(headerOf(request, 'content-range'));
    const total = range.total ?? session.size;
    if (session.size !== undefined && range.total !== undefined && range.total !== session.size)
      throw new FieldsyncError('UPLOAD_SIZE_MISMATCH', `the chunk says the file has ${range.total} bytes, the upload was created for ${session.size}`, {
        uploadId: session.uploadId,
      });
    const known = Math.max(total ?? 0, range.end === undefined ? 0 : range.end + 1);
    if (known > session.limit) {
      // Nothing of it is kept; the chunk is read and dropped so the client hears the 413.
      await uploads.remove(session.uploadId);
      await discardRequestBody(request, options.maxChunkBytes);
      throw tooLarge(session.id, known, session.limit, 'upload');
    }
    let offset = await uploads.offset(session);
    if (range.start !== undefined && range.end !== undefined) {
      const length = range.end - range.start + 1;
      if (length > options.maxChunkBytes)
        throw new FieldsyncError('CHUNK_TOO_LARGE', `a chunk of ${length} bytes is over the limit of ${options.maxChunkBytes}`, {});
      try {
        offset = await uploads.append(session, range.start, request, session.limit);
      } catch (error) {
        if (FieldsyncError.is(error, 'ATTACHMENT_TOO_LARGE')) await uploads.remove(session.uploadId);
        throw error;
      }
      if (offset !== range.end + 1) throw new FieldsyncError('BODY_ABORTED', `the chunk ended at byte ${offset}, before ${range.end + 1}`, { offset });
    }
    if (total === undefined || offset < total) return answer(response, 200, await describe(session));
    if (offset > total) throw new FieldsyncError('UPLOAD_SIZE_MISMATCH', `received ${offset} bytes for a file of ${total}`, { uploadId: session.uploadId });
    const store = await committerOf(session, context);
    let done: UploadSession;
    try {
      done = await uploads.commit(session, store);
    } catch (error) {
      // A refusal by the CRM (no access, no such record) will not change on a retry: the bytes go.
      // A transient failure keeps them, for a commit again (`bytes */total`).
      const status = statusOf(error);
      if (status >= 400 && status < 500 && status !== 409 && status !== 429) await uploads.remove(session.uploadId);
      throw error;
    }
    return answer(response, 200, await describe(done));
  }

  /** What stores a committed session's file: the CRM's attachment write, or the document routes' commit. */
  async function committerOf(session: UploadSession, context: RequestContext): Promise<(body: Readable) => Promise<UploadResult>> {
    if (session.kind === 'document') {
      const commitDocument = options.commitDocument;
      if (!commitDocument) throw new FieldsyncError('DOCUMENTS_NOT_CONFIGURED', 'this bridge has no document backend (Microsoft Graph) configured', {});
      return (body) => commitDocument(session, body, context);
    }
    const connector = await context.connector();
    const write = connector.writeAttachment?.bind(connector);
    if (!write) throw new FieldsyncError('UNSUPPORTED_CAPABILITY', 'the CRM behind this bridge stores no attachments', { capability: 'attachments' });
    return (body) =>
      write(
        { entity: session.entity, id: session.id },
        { fileName: session.fileName, mimeType: session.mimeType, body, idempotencyKey: session.idempotencyKey },
      );
  }
}

/** Streams one attachment (or a range of it). */
async function read(request: IncomingMessage, response: ServerResponse, connector: CrmConnector, ref: AttachmentRef): Promise<number> {
  if (!connector.readAttachment)
    throw new FieldsyncError('UNSUPPORTED_CAPABILITY', 'the CRM behind this bridge stores no attachments', { capability: 'attachments' });
  let range = parseRangeHeader(headerOf(request, 'range'));
  const ifRange = headerOf(request, 'if-range');
  const ifNoneMatch = headerOf(request, 'if-none-match');
  let content;
  try {
    if (range && ifRange !== undefined) {
      // If-Range: the range holds only for the same bytes; otherwise the whole body (RFC 9110 13.1.5).
      const whole = await connector.readAttachment(ref);
      if (whole.etag === undefined || whole.etag !== ifRange.trim()) {
        range = undefined;
        content = whole;
      } else await release(whole.body);
    }
    content ??= await connector.readAttachment(ref, range);
  } catch (error) {
    const size =
      FieldsyncError.is(error, 'STORE_RANGE_INVALID') || FieldsyncError.is(error, 'RANGE_NOT_SATISFIABLE') ? (error as FieldsyncError).details.size : undefined;
    if (typeof size === 'number' && size >= 0) return sendJsonError(response, error, { 'content-range': `bytes */${size}` });
    throw error;
  }
  const headers: Record<string, string> = {
    'content-type': content.mimeType,
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(content.fileName)}`,
    'accept-ranges': 'bytes',
    'cache-control': 'private, no-store',
  };
  if (content.etag !== undefined) headers['etag'] = content.etag;
  if (content.etag !== undefined && ifNoneMatch !== undefined && matchesAny(ifNoneMatch, content.etag)) {
    await release(content.body);
    const { 'content-type': _type, 'content-disposition': _disposition, ...kept } = headers;
    response.writeHead(304, kept).end();
    return 304;
  }
  let status = 200;
  if (range && content.range) {
    status = 206;
    headers['content-range'] = `bytes ${content.range.start}-${content.range.end}/${content.size}`;
    headers['content-length'] = String(content.range.end - content.range.start + 1);
  } else headers['content-length'] = String(content.size);
  response.writeHead(status, headers);
  if (request.method === 'HEAD') {
    response.end();
    return status;
  }
  await streamBody(response, content.body);
  return status;
}

/** Ends a body that will not be sent (a stream from the CRM is closed, not left open). */
async function release(body: AsyncIterable<Uint8Array>): Promise<void> {
  await body[Symbol.asyncIterator]().return?.();
}

/** True when an `If-None-Match` list names `etag` (or is `*`); weak tags compare by their opaque part. */
function matchesAny(header: string, etag: string): boolean {
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/** The body kind a read asks for: `?kind=image` or nothing (the attachment). */
function kindOf(url: URL): { kind?: AttachmentKind } {
  const kind = url.searchParams.get('kind');
  if (kind === null || kind === 'attachment') return {};
  if (kind === 'image') return { kind };
  throw new ValidationError('attachment', [{ path: 'kind', message: `must be 'attachment' or 'image', got '${kind}'` }]);
}

/** `AttachmentTooLargeError` naming the rule that set the limit. */
function tooLarge(id: string, size: number, limit: number, rule: string): AttachmentTooLargeError {
  const error = new AttachmentTooLargeError(id, size, limit);
  if (rule !== 'bridge' && rule !== 'upload') error.message = `${error.message} (${rule} of your customization)`;
  return error;
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
