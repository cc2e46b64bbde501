/** Dataverse error codes the emulator answers with (the hexadecimal codes of the real service). */
export const DATAVERSE_ERROR_CODES = {
  /** Malformed query, unknown property or entity set (OData URI parser). */
  queryParse: '0x80060888',
  /** A record with the same key already exists. */
  duplicateRecord: '0x80040237',
  /** The caller lacks a privilege or field-level security permission. */
  privilegeDenied: '0x80040220',
  /** The record does not exist (or the caller cannot see it). */
  objectNotFound: '0x80040217',
  /** The change-tracking version stamp is too old. */
  versionStampExpired: '0x80044352',
  /** Service protection: too many requests in the window. */
  serviceProtection: '0x80072322',
  /** A validation failure of a field value. */
  invalidArgument: '0x80040203',
  /** The `$batch` request is malformed or too large. */
  batchInvalid: '0x8006088a',
  /** The access token is missing, invalid or expired. */
  unauthorized: '0x80072560',
  /** Anything unexpected. */
  generic: '0x80040216',
} as const;

/**
 * An error the emulator answers as Dataverse does: an HTTP status and `{"error":{"code","message"}}`.
 * Thrown anywhere below the HTTP layer; the server turns it into the response.
 */
export class DataverseApiError extends Error {
  override readonly name = 'DataverseApiError';

  constructor(
    /** HTTP status, e.g. 400, 404, 412. */
    readonly status: number,
    /** The Dataverse error code, e.g. `0x80060888` (empty for the 412 of a stale ETag, as Dataverse sends). */
    readonly code: string,
    message: string,
    /** Extra response headers (`Retry-After`, `WWW-Authenticate`). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  /** The Dataverse error body. */
  body(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }

  /** True for a {@link DataverseApiError}, also across realms. */
  static is(error: unknown): error is DataverseApiError {
    return error instanceof DataverseApiError || (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'DataverseApiError');
  }
}

/** 400 `0x80060888`: the query text cannot be parsed or names something unknown. */
export function queryError(message: string): DataverseApiError {
  return new DataverseApiError(400, DATAVERSE_ERROR_CODES.queryParse, message);
}
