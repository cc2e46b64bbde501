import {
  ContractViolationError,
  RangeNotSatisfiableError,
  RateLimitedError,
  TransientError,
  type AttachmentContent,
  type AttachmentRef,
  type ByteRange,
  type DocumentContent,
  type DocumentItem,
  type DocumentsWarning,
  type RecordDocumentListing,
  type RecordDocumentsRef,
} from '@fieldsync/connector-api';
import { FieldsyncError } from '@fieldsync/model';
import { UnauthenticatedError } from '../errors/unauthenticated-error';
import { parseRetryAfter } from '../http/parse-retry-after';
import { mapBridgeError, type BridgeGraphqlError } from '../map-bridge-error';

/** The fetch the attachment routes are called with: the platform's (Node 20, browsers, React Native) has this shape. */
export type StreamFetch = (url: string, init: RequestInit) => Promise<Response>;

/** Where an upload stands on the bridge. */
export interface UploadState {
  readonly uploadId: string;
  /** The next byte the bridge expects. */
  readonly offset: number;
  readonly result: { readonly size: number; readonly version: string; readonly item?: DocumentItem } | null;
}

/**
 * The bridge's attachment routes (docs/decisions/167) over HTTP: one method a request, each with the
 * access token given, every failure a typed error (the bridge's JSON errors through `mapBridgeError`;
 * a network failure and a 5xx without a code `TransientError`; 401 {@link UnauthenticatedError}).
 */
export class AttachmentClient {
  readonly #base: string;
  readonly #fetch: StreamFetch;

  constructor(url: string, fetch?: StreamFetch) {
    this.#base = url.endsWith('/') ? url.slice(0, -1) : url;
    this.#fetch = fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** `GET /attachments/{entity}/{id}` with the range; the body is streamed. */
  async read(ref: AttachmentRef, range: ByteRange | undefined, token: string): Promise<AttachmentContent> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (range) headers.range = `bytes=${range.start}-${range.end ?? ''}`;
    // An entity image is the same route with `kind=image` (docs/decisions/181).
    const query = ref.kind === 'image' ? '?kind=image' : '';
    const response = await this.#send('readAttachment', `${this.#attachmentPath(ref)}${query}`, { method: 'GET', headers });
    const fileName = fileNameOf(response.headers.get('content-disposition')) ?? ref.id;
    const mimeType = response.headers.get('content-type') ?? 'application/octet-stream';
    const contentRange = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
    const length = Number(response.headers.get('content-length'));
    const size = contentRange ? Number(contentRange[3]) : length;
    if (!Number.isSafeInteger(size)) throw new ContractViolationError('no Content-Length or Content-Range', 'readAttachment');
    if (!response.body) throw new ContractViolationError('no body', 'readAttachment');
    const etag = response.headers.get('etag');
    return {
      fileName,
      mimeType,
      size,
      ...(etag ? { etag } : {}),
      ...(contentRange ? { range: { start: Number(contentRange[1]), end: Number(contentRange[2]) } } : {}),
      body: streamOf(response.body),
    };
  }

  /** `POST /attachments/{entity}/{id}/uploads`: the upload session of this idempotency key. */
  async createUpload(
    ref: AttachmentRef,
    input: { readonly fileName: string; readonly mimeType: string; readonly size?: number; readonly idempotencyKey: string },
    token: string,
  ): Promise<UploadState> {
    const response = await this.#send('writeAttachment', `${this.#attachmentPath(ref)}/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    return decodeState(await response.text());
  }

  /** `GET /uploads/{uploadId}`: where the upload stands (after a lost answer). */
  async uploadState(uploadId: string, token: string): Promise<UploadState> {
    const response = await this.#send('writeAttachment', `/uploads/${uploadId}`, { method: 'GET', headers: { authorization: `Bearer ${token}` } });
    return decodeState(await response.text());
  }

  /** `PUT /uploads/{uploadId}`: one chunk at `start` (`total` on the last), or none to commit. */
  async putChunk(uploadId: string, start: number, chunk: Uint8Array, total: number | undefined, token: string): Promise<UploadState> {
    const contentRange = chunk.length === 0 ? `bytes */${total ?? start}` : `bytes ${start}-${start + chunk.length - 1}/${total ?? '*'}`;
    const response = await this.#send('writeAttachment', `/uploads/${uploadId}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'content-range': contentRange },
      body: chunk as Uint8Array<ArrayBuffer>,
    });
    return decodeState(await response.text());
  }

  /** `POST /documents/{entity}/{id}/uploads`: the upload session of a document (decision 193), sent through `putChunk` as an attachment is. */
  async createDocumentUpload(
    record: RecordDocumentsRef,
    input: { readonly fileName: string; readonly size: number; readonly idempotencyKey: string },
    token: string,
  ): Promise<UploadState> {
    const response = await this.#send('writeDocument', `${this.#documentsPath(record)}/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    return decodeState(await response.text());
  }

  /** `GET /documents/{entity}/{id}`: the record's document folder (decision 179). */
  async listDocuments(record: RecordDocumentsRef, token: string): Promise<RecordDocumentListing> {
    const response = await this.#send('listDocuments', this.#documentsPath(record), { method: 'GET', headers: { authorization: `Bearer ${token}` } });
    let value: { items?: unknown; warning?: unknown };
    try {
      value = JSON.parse(await response.text()) as { items?: unknown; warning?: unknown };
    } catch {
      throw new ContractViolationError('the answer is not JSON', 'listDocuments');
    }
    if (!Array.isArray(value.items)) throw new ContractViolationError('no items', 'listDocuments');
    const items = (value.items as Record<string, unknown>[]).map((item) => decodeDocumentItem(item, 'listDocuments'));
    const warning = value.warning as DocumentsWarning | undefined;
    return { items, ...(warning && typeof warning.code === 'string' ? { warning } : {}) };
  }

  /** `GET /documents/{entity}/{id}/{itemId}` with the range; the body is streamed. */
  async readDocument(record: RecordDocumentsRef, itemId: string, range: ByteRange | undefined, token: string): Promise<DocumentContent> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (range) headers.range = `bytes=${range.start}-${range.end ?? ''}`;
    const response = await this.#send('readDocument', `${this.#documentsPath(record)}/${encodeURIComponent(itemId)}`, { method: 'GET', headers });
    const contentRange = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
    const length = Number(response.headers.get('content-length'));
    const size = contentRange ? Number(contentRange[3]) : length;
    if (!Number.isSafeInteger(size)) throw new ContractViolationError('no Content-Length or Content-Range', 'readDocument');
    if (!response.body) throw new ContractViolationError('no body', 'readDocument');
    return {
      size,
      range: contentRange ? { start: Number(contentRange[1]), end: Number(contentRange[2]) } : { start: 0, end: size - 1 },
      body: streamOf(response.body),
    };
  }

  #documentsPath(record: RecordDocumentsRef): string {
    return `/documents/${encodeURIComponent(record.entity)}/${encodeURIComponent(record.id)}`;
  }

  #attachmentPath(ref: AttachmentRef): string {
    return `/attachments/${encodeURIComponent(ref.entity)}/${encodeURIComponent(ref.id)}`;
  }

  async #send(operation: string, path: string, init: RequestInit): Promise<Response> {
    const url = `${this.#base}${path}`;
    let response: Response;
    try {
      response = await this.#fetch(url, init);
    } catch (error) {
      throw new TransientError(`${operation}: the bridge at ${url} could not be reached: ${(error as Error).message}`, { cause: error });
    }
    if (response.status >= 200 && response.status < 300) return response;
    const text = await response.text().catch(() => '');
    let errors: BridgeGraphqlError[] | undefined;
    try {
      const parsed = JSON.parse(text) as { errors?: BridgeGraphqlError[] };
      if (Array.isArray(parsed.errors) && parsed.errors.length > 0) errors = parsed.errors;
    } catch {
      errors = undefined;
    }
    if (response.status === 416) {
      // Every backend's range past the end (the reference CRM's STORE_RANGE_INVALID too) is one typed error here.
      const total = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1];
      throw new RangeNotSatisfiableError(
        total === undefined ? -1 : Number(total),
        `${operation}: ${errors?.[0]?.message ?? 'the range lies beyond the end of the body'}`,
      );
    }
    if (response.status === 429 && !errors) throw new RateLimitedError(parseRetryAfter(response.headers.get('retry-after')) ?? 1_000, `${operation}: HTTP 429`);
    if (errors) {
      const mapped = mapBridgeError(errors[0], operation);
      if (response.status >= 500 && mapped.constructor === FieldsyncError) throw new TransientError(`${operation}: HTTP ${response.status}: ${mapped.message}`);
      throw mapped;
    }
    if (response.status === 401) throw new UnauthenticatedError(`${operation}: the bridge answered HTTP 401`);
    if (response.status >= 500) throw new TransientError(`${operation}: the bridge answered HTTP ${response.status}`);
    throw new FieldsyncError('BRIDGE_ERROR', `${operation}: the bridge answered HTTP ${response.status} at ${url}`, { status: response.status, operation });
  }
}

/** The body as an AsyncIterable of bytes; a connection lost mid-body becomes `TransientError`. */
async function* streamOf(body: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (error) {
        throw new TransientError(`readAttachment: the body was cut: ${(error as Error).message}`, { cause: error });
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** The file name of a `Content-Disposition` (`filename*=UTF-8''…` or `filename="…"`). */
function fileNameOf(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (extended) return decodeURIComponent(extended[1]);
  return /filename="([^"]*)"/i.exec(header)?.[1];
}

function decodeState(text: string): UploadState {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ContractViolationError('the answer is not JSON', 'writeAttachment');
  }
  const result = value.result as { size?: unknown; version?: unknown } | null | undefined;
  if (typeof value.uploadId !== 'string' || typeof value.offset !== 'number') throw new ContractViolationError('no uploadId or offset', 'writeAttachment');
  if (result && (typeof result.size !== 'number' || typeof result.version !== 'string'))
    throw new ContractViolationError('a result without size or version', 'writeAttachment');
  const item =
    result && typeof (result as { item?: unknown }).item === 'object'
      ? decodeDocumentItem((result as { item: Record<string, unknown> }).item, 'writeDocument')
      : undefined;
  return {
    uploadId: value.uploadId,
    offset: value.offset,
    result: result ? { size: result.size as number, version: result.version as string, ...(item ? { item } : {}) } : null,
  };
}

/** One item of a record folder as the document routes answer it, checked. */
function decodeDocumentItem(item: Record<string, unknown>, operation: string): DocumentItem {
  if (typeof item.id !== 'string' || typeof item.name !== 'string' || typeof item.size !== 'number' || typeof item.eTag !== 'string')
    throw new ContractViolationError('an item without id, name, size or eTag', operation);
  return {
    id: item.id,
    name: item.name,
    kind: item.kind === 'folder' ? 'folder' : 'file',
    path: typeof item.path === 'string' ? item.path : item.name,
    size: item.size,
    eTag: item.eTag,
    ...(typeof item.cTag === 'string' ? { cTag: item.cTag } : {}),
    ...(typeof item.mimeType === 'string' ? { mimeType: item.mimeType } : {}),
    lastModified: typeof item.lastModified === 'string' ? item.lastModified : '',
  };
}
