import type { IncomingMessage, ServerResponse } from 'node:http';
import { SalesforceApiError } from './salesforce-api-error';

/** Largest request body the emulator reads (sObject Collections of 200 records fit easily). */
const MAX_BODY_BYTES = 50 * 1024 * 1024;

/** Reads the whole request body as text. */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new SalesforceApiError(413, 'REQUEST_ENTITY_TOO_LARGE', 'request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a JSON body; a body that is not JSON answers 400 `JSON_PARSER_ERROR` as Salesforce does. */
export async function readJson(request: IncomingMessage): Promise<unknown> {
  const text = await readBody(request);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new SalesforceApiError(400, 'JSON_PARSER_ERROR', `Unexpected character in JSON: ${(error as Error).message}`);
  }
}

/** Sends a JSON body (or nothing for 204) with the given status and headers. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204 || body === undefined) {
    response.writeHead(status, headers);
    response.end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': String(Buffer.byteLength(text)), ...headers });
  response.end(text);
}
