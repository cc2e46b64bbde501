import { STATUS_CODES } from 'node:http';

/** One HTTP request inside a `$batch` body. */
export interface BatchPartRequest {
  readonly method: string;
  /** As written in the part: absolute, or relative to the service root. */
  readonly url: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The part's `Content-ID`, referenced as `$n` later in the same change set. */
  readonly contentId?: string;
  /** 1-based position of the part in the batch (for error messages). */
  readonly position: number;
}

/** A top-level item of a `$batch`: a request, or a change set of requests. */
export type BatchItem =
  { readonly kind: 'request'; readonly request: BatchPartRequest } | { readonly kind: 'changeSet'; readonly requests: readonly BatchPartRequest[] };

/** One HTTP response inside a `$batch` response. */
export interface BatchPartResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** JSON text, or absent. */
  readonly body?: string;
  readonly contentId?: string;
}

/** A top-level item of a `$batch` response. */
export type BatchResponseItem =
  { readonly kind: 'response'; readonly response: BatchPartResponse } | { readonly kind: 'changeSet'; readonly responses: readonly BatchPartResponse[] };

/** A `$batch` body that is not valid `multipart/mixed`, naming the part and the problem. */
export class MultipartError extends Error {
  override readonly name = 'MultipartError';

  constructor(
    message: string,
    /** 1-based part number, when one part is at fault. */
    readonly part?: number,
  ) {
    super(part !== undefined ? `Batch part ${part}: ${message}` : message);
  }

  /** True for a {@link MultipartError}, also across realms. */
  static is(error: unknown): error is MultipartError {
    return error instanceof MultipartError || (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'MultipartError');
  }
}

/** The `boundary` parameter of a `multipart/mixed` content type, or undefined. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\/mixed\s*;/i.test(contentType)) return undefined;
  const match = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** Splits a multipart body into the raw text of its parts (between the delimiter lines). */
function splitParts(text: string, boundary: string, part?: number): string[] {
  const lines = text.split(/\r?\n/);
  const parts: string[][] = [];
  let current: string[] | undefined;
  let closed = false;
  for (const line of lines) {
    const trimmed = line.trimEnd();
    if (trimmed === `--${boundary}--`) {
      if (current) parts.push(current);
      current = undefined;
      closed = true;
      break;
    }
    if (trimmed === `--${boundary}`) {
      if (current) parts.push(current);
      current = [];
      continue;
    }
    if (current) current.push(line);
  }
  if (!closed) throw new MultipartError(`the body does not end with the closing delimiter '--${boundary}--'`, part);
  // The line break before a delimiter belongs to the delimiter.
  return parts.map((p) => p.join('\r\n'));
}

/** Splits a block into headers (lower-case names) and the rest after the first blank line. */
function headersAndBody(block: string, part: number, what: string): { headers: Record<string, string>; body: string } {
  const lines = block.split('\r\n');
  const headers: Record<string, string> = {};
  let index = 0;
  for (; index < lines.length; index++) {
    const line = lines[index];
    if (line.trim() === '') break;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError(`malformed ${what} header line '${line}'`, part);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  if (index >= lines.length) throw new MultipartError(`the ${what} headers are not followed by a blank line`, part);
  return { headers, body: lines.slice(index + 1).join('\r\n') };
}

function parseHttpPart(block: string, position: number): BatchPartRequest {
  const mime = headersAndBody(block, position, 'part');
  if (!/^application\/http\b/i.test(mime.headers['content-type'] ?? ''))
    throw new MultipartError(`Content-Type must be application/http, not '${mime.headers['content-type'] ?? ''}'`, position);
  const encoding = mime.headers['content-transfer-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'binary')
    throw new MultipartError(`Content-Transfer-Encoding must be binary, not '${encoding}'`, position);
  const http = mime.body.replace(/^(\r\n)+/, '');
  const lineEnd = http.indexOf('\r\n');
  const requestLine = lineEnd >= 0 ? http.slice(0, lineEnd) : http;
  const match = /^(GET|POST|PATCH|PUT|DELETE) (\S+)(?: HTTP\/1\.[01])?$/.exec(requestLine.trim());
  if (!match) throw new MultipartError(`the request line '${requestLine}' is not 'METHOD URL HTTP/1.1'`, position);
  const rest = lineEnd >= 0 ? http.slice(lineEnd + 2) : '';
  // A request without a body may end right after its headers (no blank line).
  const inner =
    rest.trim() === ''
      ? { headers: {}, body: '' }
      : headersAndBody(rest.includes('\r\n\r\n') || rest.startsWith('\r\n') ? rest : `${rest}\r\n`, position, 'request');
  const contentId = mime.headers['content-id'] ?? inner.headers['content-id'];
  return {
    method: match[1],
    url: match[2],
    headers: inner.headers,
    body: inner.body.replace(/(\r\n)+$/, ''),
    position,
    ...(contentId !== undefined ? { contentId } : {}),
  };
}

/**
 * Parses a `$batch` request body (`multipart/mixed; boundary=batch_…`): top-level `application/http`
 * parts and change sets (`multipart/mixed; boundary=changeset_…`) of them. Throws
 * {@link MultipartError} naming the part for anything malformed; nothing is executed before parsing
 * succeeds.
 */
export function parseBatch(body: string, contentType: string | undefined): BatchItem[] {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw new MultipartError(`Content-Type must be multipart/mixed with a boundary, not '${contentType ?? ''}'`);
  const items: BatchItem[] = [];
  let position = 0;
  for (const block of splitParts(body.replace(/\r?\n/g, '\r\n'), boundary)) {
    const first = position + 1;
    const { headers, body: content } = headersAndBody(block.replace(/^(\r\n)+/, ''), first, 'part');
    const nested = boundaryOf(headers['content-type']);
    if (nested) {
      const requests = splitParts(content, nested, first).map((part) => parseHttpPart(part.replace(/^(\r\n)+/, ''), ++position));
      if (requests.some((r) => r.method === 'GET')) throw new MultipartError('a change set may not contain GET requests', first);
      items.push({ kind: 'changeSet', requests });
    } else {
      items.push({ kind: 'request', request: parseHttpPart(block.replace(/^(\r\n)+/, ''), ++position) });
    }
  }
  return items;
}

function serializeResponse(response: BatchPartResponse): string {
  const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (response.contentId !== undefined) lines.push(`Content-ID: ${response.contentId}`);
  lines.push('', `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`.trimEnd());
  for (const [name, value] of Object.entries(response.headers)) lines.push(`${name}: ${value}`);
  if (response.body !== undefined) {
    if (!Object.keys(response.headers).some((h) => h.toLowerCase() === 'content-type')) lines.push('Content-Type: application/json; odata.metadata=minimal');
    lines.push('', response.body);
  } else lines.push('', '');
  return lines.join('\r\n');
}

/**
 * Writes a `$batch` response in Dataverse's layout: `--batchresponse_…` parts, change sets as nested
 * `multipart/mixed; boundary=changesetresponse_…`, each response as `application/http`.
 */
export function serializeBatchResponse(items: readonly BatchResponseItem[], boundary: string, changeSetBoundary: (index: number) => string): string {
  const out: string[] = [];
  items.forEach((item, index) => {
    out.push(`--${boundary}`);
    if (item.kind === 'response') {
      out.push(serializeResponse(item.response));
      return;
    }
    const nested = changeSetBoundary(index);
    out.push(`Content-Type: multipart/mixed; boundary=${nested}`, '');
    for (const response of item.responses) out.push(`--${nested}`, serializeResponse(response));
    out.push(`--${nested}--`);
  });
  out.push(`--${boundary}--`, '');
  return out.join('\r\n');
}
