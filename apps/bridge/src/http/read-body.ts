import type { IncomingMessage } from 'node:http';
import { FieldsyncError } from '@fieldsync/model';

/** A request body over the bridge's limit. */
export class BodyTooLargeError extends FieldsyncError {
  constructor(readonly limit: number) {
    super('BODY_TOO_LARGE', `the request body exceeds the limit of ${limit} bytes`, { limit });
  }
}

/** Reads a request body, refusing it as soon as it passes `limit` bytes (declared or streamed). */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, size);
}
