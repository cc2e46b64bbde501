import {
  AuthExpiredError,
  AuthFailedError,
  ContractViolationError,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitedError,
  TransientError,
} from '@fieldsync/connector-api';
import { InvalidFilterError, UnknownEntityError } from '@fieldsync/model';
import { SalesforceApiError } from './salesforce-api-error';
import { isSocketFailure, type SalesforceCallFailure } from './salesforce-call-failure';

/** What the connector was doing when a call failed, so the typed error can name it. */
export interface SalesforceErrorContext {
  /** The operation, e.g. `readPage`. */
  readonly operation: string;
  /** The model entity the call was about. */
  readonly entity?: string;
  /** The call ran a caller's filter compiled to SOQL: a query error is the filter's fault. */
  readonly filtered?: boolean;
  /** API usage as last seen, for `QuotaExceededError`. */
  readonly usage?: { readonly used: number; readonly limit: number };
  /** Wait before retrying a throttled call that names no Retry-After. */
  readonly defaultRetryAfterMs?: number;
}

/** Retry-After in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(headers: Readonly<Record<string, string>> | undefined, now = Date.now()): number | undefined {
  const value = headers?.['retry-after'];
  if (value === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** True for an answer meaning the session token no longer works. */
export function isSessionExpired(failure: SalesforceCallFailure): boolean {
  return failure.errorCode === 'INVALID_SESSION_ID' || failure.status === 401 || failure.message.startsWith('Unable to refresh session');
}

/** True for a throttling answer: 429, 503, or Salesforce's concurrent-request limit. */
export function isThrottled(failure: SalesforceCallFailure): boolean {
  return (
    failure.status === 429 ||
    failure.status === 503 ||
    failure.errorCode === 'ERROR_HTTP_429' ||
    failure.errorCode === 'ERROR_HTTP_503' ||
    failure.errorCode === 'REQUEST_LIMIT_EXCEEDED_CONCURRENT'
  );
}

/** True for a failure worth sending again: no answer at all, or a 5xx other than 503. */
export function isTransient(failure: SalesforceCallFailure): boolean {
  if (isSocketFailure(failure)) return true;
  const status = failure.status ?? Number(/^ERROR_HTTP_(\d{3})$/.exec(failure.errorCode)?.[1] ?? 0);
  return status >= 500 || failure.errorCode === 'SERVER_UNAVAILABLE' || failure.errorCode === 'UNABLE_TO_LOCK_ROW';
}

/**
 * Turns a failed Salesforce call into the connector-api error its caller handles:
 * `INVALID_SESSION_ID`/401 → `AuthExpiredError`; `REQUEST_LIMIT_EXCEEDED` → `QuotaExceededError`;
 * 429/503 → `RateLimitedError` (with Retry-After); socket errors and 5xx → `TransientError`;
 * `MALFORMED_QUERY`/`INVALID_FIELD` → `InvalidFilterError` when a caller's filter was in the query,
 * otherwise `ContractViolationError`; `INVALID_TYPE`/`NOT_FOUND` of an sObject → `UnknownEntityError`;
 * `INSUFFICIENT_ACCESS*` → `PermissionDeniedError`; OAuth `invalid_grant`/`invalid_client` → `AuthFailedError`;
 * anything else → `SalesforceApiError` keeping Salesforce's code.
 */
export function mapSalesforceError(failure: SalesforceCallFailure, context: SalesforceErrorContext): Error {
  const { errorCode, message } = failure;
  const where = context.entity === undefined ? context.operation : `${context.operation} ${context.entity}`;
  if (
    errorCode === 'invalid_grant' ||
    errorCode === 'invalid_client' ||
    errorCode === 'invalid_client_id' ||
    errorCode === 'unsupported_grant_type' ||
    errorCode === 'inactive_user'
  ) {
    return new AuthFailedError(`Salesforce refused the sign-in: ${message}`, errorCode);
  }
  if (isSessionExpired(failure)) return new AuthExpiredError(`${where}: the session was refused (${errorCode}): ${message}`);
  // 429 first: Salesforce answers concurrent-request throttling with 429 and errorCode REQUEST_LIMIT_EXCEEDED too.
  if (isThrottled(failure)) {
    return new RateLimitedError(retryAfterMs(failure.headers) ?? context.defaultRetryAfterMs ?? 1000, `${where}: throttled (${errorCode}): ${message}`);
  }
  if (errorCode === 'REQUEST_LIMIT_EXCEEDED' || errorCode === 'TOTAL_REQUESTS_LIMIT_EXCEEDED') {
    return new QuotaExceededError(context.usage?.used ?? 0, context.usage?.limit ?? 0);
  }
  if (isTransient(failure)) return new TransientError(`${where}: ${errorCode}: ${message}`, { cause: failure.cause });
  switch (errorCode) {
    case 'MALFORMED_QUERY':
    case 'INVALID_FIELD':
    case 'INVALID_QUERY_FILTER_OPERATOR':
    case 'INVALID_QUERY_LOCATOR':
      return context.filtered && errorCode !== 'INVALID_QUERY_LOCATOR'
        ? new InvalidFilterError(`Salesforce refused the filter compiled to SOQL (${errorCode}): ${message}`, 'filter')
        : new ContractViolationError(`Salesforce refused the connector's query (${errorCode}): ${message}`, where);
    case 'INVALID_TYPE':
    case 'NOT_FOUND':
      return context.entity !== undefined && errorCode === 'INVALID_TYPE'
        ? new UnknownEntityError(context.entity)
        : new SalesforceApiError(errorCode, message, failure.status);
    case 'INSUFFICIENT_ACCESS':
    case 'INSUFFICIENT_ACCESS_OR_READONLY':
    case 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY':
    case 'API_DISABLED_FOR_ORG':
      return new PermissionDeniedError(
        context.entity ?? '?',
        context.operation === 'readPage' || context.operation === 'count' ? 'read' : 'write',
        `${where}: ${message}`,
      );
    default:
      return new SalesforceApiError(errorCode, message, failure.status);
  }
}
