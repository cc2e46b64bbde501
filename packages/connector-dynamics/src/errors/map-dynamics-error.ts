import {
  AuthExpiredError,
  ContractViolationError,
  FullResyncRequiredError,
  PermissionDeniedError,
  RateLimitedError,
  TransientError,
} from '@fieldsync/connector-api';
import { InvalidFilterError, UnknownEntityError } from '@fieldsync/model';
import { DataverseErrorCodes } from './dataverse-error-codes';
import type { DynamicsCallFailure } from './dynamics-call-failure';
import { DynamicsApiError } from './dynamics-api-error';

/** What the call was doing, so that the mapped error can name it. */
export interface DynamicsErrorContext {
  readonly operation: string;
  readonly entity?: string;
  /** The query carried the caller's filter (so a refused query is the filter's fault). */
  readonly filtered?: boolean;
  /** The wait to report when a throttled answer names no Retry-After. @default 1000 */
  readonly defaultRetryAfterMs?: number;
}

const SOCKET_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Retry-After (seconds, decimal allowed, or an HTTP date) in ms, or undefined. */
export function retryAfterMs(headers: Readonly<Record<string, string>> | undefined, now = Date.now()): number | undefined {
  const value = headers?.['retry-after'];
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The session was refused: refresh it once and retry. */
export function isSessionRefused(failure: DynamicsCallFailure): boolean {
  return failure.status === 401;
}

/** Service protection throttled the call: wait Retry-After and retry. */
export function isThrottled(failure: DynamicsCallFailure): boolean {
  return failure.status === 429 || (failure.status === 503 && failure.headers?.['retry-after'] !== undefined);
}

/** A passing failure: a dropped connection or a 5xx. */
export function isTransient(failure: DynamicsCallFailure): boolean {
  if (failure.status === undefined) return SOCKET_CODES.has(failure.errorCode) || failure.errorCode.startsWith('UND_ERR');
  return failure.status >= 500;
}

/**
 * Turns a failed Web API call into the connector-api error its caller handles: 401 →
 * `AuthExpiredError`; 429 → `RateLimitedError` (Retry-After); sockets and 5xx → `TransientError`;
 * `0x80044352` → `FullResyncRequiredError`; an unknown property or a malformed query → the
 * caller's `InvalidFilterError` when its filter was in the query, else `ContractViolationError`;
 * an unknown entity set → `UnknownEntityError`; `0x80040220`/403 → `PermissionDeniedError`;
 * anything else → `DynamicsApiError` keeping Dataverse's code.
 */
export function mapDynamicsError(failure: DynamicsCallFailure, context: DynamicsErrorContext): Error {
  const where = context.entity === undefined ? context.operation : `${context.operation} ${context.entity}`;
  const { errorCode, message } = failure;
  if (isSessionRefused(failure)) return new AuthExpiredError(`${where}: the token was refused (401): ${message}`);
  if (isThrottled(failure))
    return new RateLimitedError(retryAfterMs(failure.headers) ?? context.defaultRetryAfterMs ?? 1000, `${where}: throttled by service protection: ${message}`);
  if (isTransient(failure)) return new TransientError(`${where}: ${errorCode || `HTTP ${failure.status}`}: ${message}`, { cause: failure.cause });
  switch (errorCode) {
    case DataverseErrorCodes.changeTrackingTokenExpired:
      return new FullResyncRequiredError(context.entity ?? '?', `the change-tracking token expired (${errorCode}): ${message}`);
    case DataverseErrorCodes.propertyNotFound:
    case DataverseErrorCodes.querySyntax:
      return context.filtered
        ? new InvalidFilterError(`Dataverse refused the filter compiled to OData (${errorCode}): ${message}`, 'filter')
        : new ContractViolationError(`Dataverse refused the connector's query (${errorCode}): ${message}`, where);
    case DataverseErrorCodes.segmentNotFound:
      return context.entity !== undefined ? new UnknownEntityError(context.entity) : new DynamicsApiError(errorCode, message, failure.status);
    case DataverseErrorCodes.accessDenied:
      return new PermissionDeniedError(
        context.entity ?? '?',
        context.operation === 'readPage' || context.operation === 'count' ? 'read' : 'write',
        `${where}: ${message}`,
      );
    default:
      if (failure.status === 403)
        return new PermissionDeniedError(context.entity ?? '?', context.operation === 'readPage' ? 'read' : 'write', `${where}: ${message}`);
      return new DynamicsApiError(errorCode, message, failure.status);
  }
}
