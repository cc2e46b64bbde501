import type { ServerResponse } from 'node:http';
import { FieldsyncError } from '@fieldsync/model';

/** HTTP status of a Fieldsync error code on the attachment routes; codes ending in `NOT_FOUND` are 404. */
const STATUS: Readonly<Record<string, number>> = {
  UNAUTHENTICATED: 401,
  AUTH_EXPIRED: 401,
  DEVICE_REVOKED: 401,
  FORBIDDEN: 403,
  PERMISSION_DENIED: 403,
  VALIDATION_FAILED: 400,
  RANGE_HEADER_INVALID: 400,
  BODY_ABORTED: 400,
  UNKNOWN_ENTITY: 400,
  STORE_RANGE_INVALID: 416,
  RANGE_NOT_SATISFIABLE: 416,
  ATTACHMENT_TOO_LARGE: 413,
  BODY_TOO_LARGE: 413,
  UPLOAD_OFFSET_MISMATCH: 409,
  UPLOAD_BUSY: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  RATE_LIMITED: 429,
  DOCUMENTS_NOT_CONFIGURED: 404,
  TRANSIENT: 503,
};

/** The HTTP status an error deserves on the attachment routes (500 for anything not a `FieldsyncError`). */
export function statusOf(error: unknown): number {
  if (!FieldsyncError.is(error)) return 500;
  const { code } = error as FieldsyncError;
  return STATUS[code] ?? (code.endsWith('NOT_FOUND') ? 404 : 400);
}

/**
 * Answers `error` in the bridge's error shape (`{ errors: [{ message, extensions: { code, details } }] }`,
 * as GraphQL errors are), with its status; anything not a `FieldsyncError` is `INTERNAL_SERVER_ERROR`
 * without its message. Answers the status.
 */
export function sendJsonError(response: ServerResponse, error: unknown, headers: Record<string, string> = {}): number {
  const status = statusOf(error);
  const known = FieldsyncError.is(error) ? (error as FieldsyncError) : undefined;
  const retryAfterMs = typeof known?.details.retryAfterMs === 'number' ? known.details.retryAfterMs : undefined;
  const body = JSON.stringify({
    errors: [
      {
        message: known?.message ?? 'internal error',
        extensions: { code: known?.code ?? 'INTERNAL_SERVER_ERROR', details: known?.details ?? {}, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
      },
    ],
  });
  if (response.headersSent) response.destroy();
  else
    response
      .writeHead(status, {
        'content-type': 'application/json',
        ...(retryAfterMs === undefined ? {} : { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) }),
        ...headers,
      })
      .end(body);
  return status;
}
