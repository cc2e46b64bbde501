import { randomUUID } from 'node:crypto';
import type { BatchItem, BatchRequest } from './batch-request';

const CRLF = '\r\n';

/** A `$batch` request body with the Content-Type that names its boundary. */
export interface BatchBody {
  readonly contentType: string;
  readonly body: string;
}

function requestPart(request: BatchRequest, apiUrl: string): string {
  const url = /^https?:\/\//.test(request.url) || request.url.startsWith('$') ? request.url : `${apiUrl}${request.url}`;
  const lines = [
    'Content-Type: application/http',
    'Content-Transfer-Encoding: binary',
    `Content-ID: ${request.contentId}`,
    '',
    `${request.method} ${url} HTTP/1.1`,
  ];
  const headers: Record<string, string> = { ...(request.headers ?? {}) };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json; type=entry';
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  lines.push('');
  lines.push(request.body === undefined ? '' : JSON.stringify(request.body));
  return lines.join(CRLF);
}

/**
 * Writes the multipart/mixed body of a Web API `$batch` (OData 4.0 multipart format): each request
 * as an `application/http` part with a Content-ID, each change set as a nested multipart/mixed part
 * whose requests succeed or fail together. Absolute URLs are used, as Dataverse's own samples do.
 */
export function writeBatchBody(items: readonly BatchItem[], apiUrl: string, boundary = `batch_${randomUUID()}`): BatchBody {
  const out: string[] = [];
  for (const item of items) {
    out.push(`--${boundary}`);
    if (item.kind === 'request') {
      out.push(requestPart(item.request, apiUrl));
      continue;
    }
    const changeSet = `changeset_${randomUUID()}`;
    out.push(`Content-Type: multipart/mixed; boundary=${changeSet}`, '');
    for (const request of item.requests) out.push(`--${changeSet}`, requestPart(request, apiUrl));
    out.push(`--${changeSet}--`, '');
  }
  out.push(`--${boundary}--`, '');
  return { contentType: `multipart/mixed; boundary=${boundary}`, body: out.join(CRLF) };
}
