import {
  AttachmentTooLargeError,
  AuthExpiredError,
  AuthFailedError,
  BatchTooLargeError,
  ContractViolationError,
  DeviceRevokedError,
  FullResyncRequiredError,
  NoCustomizationError,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitedError,
  TransientError,
  UnsupportedCapabilityError,
} from '@fieldsync/connector-api';
import {
  FieldsyncError,
  FilterTooDeepError,
  InvalidFilterError,
  UnknownEntityError,
  UnknownFieldError,
  ValidationError,
  type ValidationIssue,
} from '@fieldsync/model';
import { BridgeUserError, type BridgeUserErrorEntry } from './errors/bridge-user-error';
import { UnauthenticatedError } from './errors/unauthenticated-error';

/** One entry of a GraphQL answer's `errors`, as the bridge sends it. */
export interface BridgeGraphqlError {
  readonly message: string;
  /** `code` is the Fieldsync error code; `details` the error's details; some codes carry fields of their own. */
  readonly extensions?: Readonly<Record<string, unknown>>;
  readonly path?: readonly (string | number)[];
}

/** A Retry-After of a RATE_LIMITED error that names none. */
const DEFAULT_RETRY_AFTER_MS = 1_000;

/**
 * Turns one GraphQL error of the bridge into the typed error a caller of the connector handles: each
 * Fieldsync code (`extensions.code`) becomes its class of `@fieldsync/connector-api` or `@fieldsync/model`
 * with its details (`extensions.details`, or fields of `extensions`) and the bridge's message;
 * `UNAUTHENTICATED` becomes {@link UnauthenticatedError}, `INTERNAL_SERVER_ERROR` a `TransientError`;
 * any other code a `FieldsyncError` keeping code and details, and no code at all `BRIDGE_ERROR`.
 * @example throw mapBridgeError(answer.errors[0], 'readPage');
 */
export function mapBridgeError(error: BridgeGraphqlError, operation: string): FieldsyncError {
  const extensions = error.extensions ?? {};
  const code = typeof extensions.code === 'string' && extensions.code.length > 0 ? extensions.code : undefined;
  const message = error.message.length > 0 ? error.message : `${operation}: the bridge answered ${code ?? 'an error'}`;
  const details = { ...extensions, ...(isObject(extensions.details) ? extensions.details : {}) };
  // The code is the error's own; `http` is how yoga was told the status, not something the user needs.
  delete details.code;
  delete details.details;
  delete details.http;
  return mapErrorCode(code, message, details) ?? new FieldsyncError(code ?? 'BRIDGE_ERROR', message, { ...details, operation });
}

/**
 * The typed error for a code the connector knows, or undefined for any other. Shared by GraphQL errors
 * and mutation `userErrors`; `message` is kept as the error's message.
 */
export function mapErrorCode(code: string | undefined, message: string, details: Readonly<Record<string, unknown>>): FieldsyncError | undefined {
  const text = (key: string, fallback: string): string => (typeof details[key] === 'string' ? (details[key] as string) : fallback);
  const count = (key: string): number => (typeof details[key] === 'number' ? (details[key] as number) : Number.NaN);
  const optionalNumber = (key: string): number | undefined => (typeof details[key] === 'number' ? (details[key] as number) : undefined);
  switch (code) {
    case 'UNAUTHENTICATED':
      return new UnauthenticatedError(message);
    case 'AUTH_FAILED':
      return new AuthFailedError(message, typeof details.reason === 'string' ? details.reason : undefined);
    case 'AUTH_EXPIRED':
      return new AuthExpiredError(message);
    case 'DEVICE_REVOKED':
      return new DeviceRevokedError(message);
    case 'RATE_LIMITED': {
      const retryAfterMs = optionalNumber('retryAfterMs');
      return new RateLimitedError(retryAfterMs !== undefined && retryAfterMs >= 0 ? retryAfterMs : DEFAULT_RETRY_AFTER_MS, message);
    }
    case 'QUOTA_EXCEEDED':
      return withMessage(new QuotaExceededError(count('used'), count('limit')), message);
    case 'FULL_RESYNC_REQUIRED':
      return withMessage(new FullResyncRequiredError(text('entity', '?'), text('reason', message)), message);
    case 'PERMISSION_DENIED':
      return new PermissionDeniedError(text('entity', '?'), text('privilege', '?'), message);
    case 'BATCH_TOO_LARGE':
      return withMessage(new BatchTooLargeError(count('size'), count('limit')), message);
    case 'TRANSIENT':
    case 'INTERNAL_SERVER_ERROR':
      return new TransientError(message);
    case 'CONTRACT_VIOLATION':
      return withMessage(new ContractViolationError(message, text('where', 'bridge')), message);
    case 'UNSUPPORTED_CAPABILITY':
      return withMessage(new UnsupportedCapabilityError(text('capability', '?')), message);
    case 'ATTACHMENT_TOO_LARGE':
      return withMessage(new AttachmentTooLargeError(text('id', '?'), count('size'), count('limit')), message);
    case 'NO_CUSTOMIZATION':
      return new NoCustomizationError(message);
    case 'UNKNOWN_ENTITY':
      return withMessage(new UnknownEntityError(text('entity', '?'), text('path', 'entity')), message);
    case 'UNKNOWN_FIELD':
      return withMessage(new UnknownFieldError(text('entity', '?'), text('field', '?'), text('path', 'field')), message);
    case 'FILTER_TOO_DEEP':
      return withMessage(new FilterTooDeepError(count('maxDepth'), text('path', 'filter'), optionalNumber('line'), optionalNumber('column')), message);
    case 'INVALID_FILTER':
      return withMessage(new InvalidFilterError(message, text('path', 'filter'), optionalNumber('line'), optionalNumber('column')), message);
    case 'VALIDATION_FAILED':
      return Array.isArray(details.issues) && details.issues.every(isIssue)
        ? withMessage(new ValidationError(text('subject', '?'), details.issues), message)
        : undefined;
    default:
      return undefined;
  }
}

/** Keeps the bridge's own wording: the typed classes build a message of their own from their details. */
function withMessage<E extends Error>(error: E, message: string): E {
  error.message = message;
  return error;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIssue(value: unknown): value is ValidationIssue {
  return isObject(value) && typeof value.path === 'string' && typeof value.message === 'string';
}

/**
 * The error for a mutation's non-empty `userErrors`: the typed error of the first entry's code when the
 * connector knows it (`DEVICE_REVOKED`, `PERMISSION_DENIED`...), else a {@link BridgeUserError} naming the field.
 */
export function mapUserErrors(mutation: string, userErrors: readonly BridgeUserErrorEntry[]): FieldsyncError {
  const [first] = userErrors;
  const where = first.field ? `${first.field}: ` : '';
  return (
    mapErrorCode(first.code, `${mutation}: ${where}${first.message}`, first.field ? { field: first.field } : {}) ?? new BridgeUserError(mutation, userErrors)
  );
}
