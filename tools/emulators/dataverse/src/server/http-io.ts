import type { IncomingMessage, ServerResponse } from 'node:http';
import { DataverseApiError } from './dataverse-api-error';

/** Largest request body the emulator reads (a `$batch` of 1,000 records, or a note of a few MB). */
const MAX_BODY_BYTES = 128 * 1024 * 1024;

/** Reads the whole request body. */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new DataverseApiError(413, '0x8004f062', 'The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Sends a body (JSON for objects, text as is, nothing for 204 / 304) with the status and headers. */
export function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204 || status === 304 || body === undefined) {
    response.writeHead(status, headers);
    response.end();
    return;
  }
  const isText = typeof body === 'string';
  const text = isText ? body : JSON.stringify(body);
  const type = isText ? (headers['Content-Type'] ?? 'text/plain') : 'application/json; odata.metadata=minimal';
  response.writeHead(status, { 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(text)), ...headers });
  response.end(text);
}
