import type { ServerResponse } from 'node:http';
import { ValidationError, type ValidationIssue } from '@fieldsync/model';
import type { UploadResult, UploadSession, UploadSessionStore } from './upload-session-store';

/** The JSON answer of every upload route (attachments and documents share the sessions, decision 193). */
export interface UploadAnswer {
  readonly uploadId: string;
  /** The next byte the bridge expects (the size once committed). */
  readonly offset: number;
  readonly size: number | null;
  readonly result: UploadResult | null;
}

/** Where an upload session stands, as the routes answer it. */
export async function describeUpload(uploads: UploadSessionStore, session: UploadSession): Promise<UploadAnswer> {
  return { uploadId: session.uploadId, offset: await uploads.offset(session), size: session.size ?? null, result: session.result ?? null };
}

/** Writes an upload answer; answers the status. */
export function sendUploadAnswer(response: ServerResponse, status: number, body: UploadAnswer): number {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  return status;
}

/** What a device sends to create an upload session. */
export interface UploadInput {
  readonly fileName: string;
  readonly mimeType: string;
  readonly size?: number;
  readonly idempotencyKey: string;
}

/**
 * The JSON of an upload's creation, checked: `fileName`, `idempotencyKey` (and `mimeType` unless
 * `defaultMimeType` is given) of 1 to 1000 characters, `size` a whole number when present (required with
 * `sizeRequired`). Throws `ValidationError` naming each field that is wrong.
 */
export function parseUploadInput(body: Buffer, options: { readonly defaultMimeType?: string; readonly sizeRequired?: boolean } = {}): UploadInput {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ValidationError('upload', [{ path: '', message: 'the body is not JSON' }]);
  }
  const input = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  const mimeType = input.mimeType ?? options.defaultMimeType;
  for (const [key, text] of [
    ['fileName', input.fileName],
    ['mimeType', mimeType],
    ['idempotencyKey', input.idempotencyKey],
  ] as const)
    if (typeof text !== 'string' || text.length === 0 || text.length > 1000) issues.push({ path: key, message: 'must be a string of 1 to 1000 characters' });
  if (input.size !== undefined && input.size !== null && !(Number.isSafeInteger(input.size) && (input.size as number) >= 0))
    issues.push({ path: 'size', message: 'must be a whole number of bytes' });
  else if (options.sizeRequired && typeof input.size !== 'number') issues.push({ path: 'size', message: 'is required: the whole file size in bytes' });
  if (issues.length > 0) throw new ValidationError('upload', issues);
  return {
    fileName: input.fileName as string,
    mimeType: mimeType as string,
    idempotencyKey: input.idempotencyKey as string,
    ...(typeof input.size === 'number' ? { size: input.size } : {}),
  };
}
