/**
 * What one HTTP call to Salesforce failed with, as jsforce reports it plus the status and headers the
 * connector read off the wire: the raw material {@link mapSalesforceError} turns into a typed error.
 */
export interface SalesforceCallFailure {
  /** Salesforce's `errorCode` (`INVALID_SESSION_ID`), the OAuth `error` (`invalid_grant`), or a socket code. */
  readonly errorCode: string;
  readonly message: string;
  /** HTTP status, when an answer came. */
  readonly status?: number;
  /** Response headers (lower-case names), when an answer came. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause: unknown;
}

const SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'ECONNABORTED']);

/** Reads what jsforce threw (an `HttpApiError`, an OAuth error, a fetch `TypeError`) into a {@link SalesforceCallFailure}. */
export function describeCallFailure(error: unknown, status?: number, headers?: Readonly<Record<string, string>>): SalesforceCallFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown> & { cause?: { code?: unknown } };
  const message = typeof e.message === 'string' ? e.message : String(error);
  // node-fetch (jsforce's HTTP client) reports a dropped connection as a FetchError, with the socket code when it has one.
  const generic = new Set(['Error', 'TypeError', 'FetchError', 'AbortError']);
  let errorCode = typeof e.errorCode === 'string' ? e.errorCode : typeof e.name === 'string' && !generic.has(e.name) ? e.name : '';
  if (!errorCode && status === undefined && e.name === 'FetchError') errorCode = typeof e.code === 'string' ? e.code : 'ECONNRESET';
  const socketCode = typeof e.code === 'string' ? e.code : typeof e.cause?.code === 'string' ? e.cause.code : undefined;
  if (!errorCode && socketCode !== undefined) errorCode = socketCode;
  if (!errorCode && status === undefined && (message.includes('fetch failed') || message.includes('socket') || message.includes('ECONN')))
    errorCode = 'ECONNRESET';
  if (!errorCode) errorCode = status === undefined ? 'UNKNOWN' : `ERROR_HTTP_${status}`;
  return {
    errorCode,
    message,
    ...(status === undefined ? {} : { status }),
    ...(headers === undefined ? {} : { headers }),
    cause: error,
  };
}

/** True when the call never got an answer (dropped connection, refused, timed out). */
export function isSocketFailure(failure: SalesforceCallFailure): boolean {
  return failure.status === undefined && (SOCKET_CODES.has(failure.errorCode) || failure.errorCode === 'UNKNOWN' || failure.errorCode === 'AbortError');
}
