import { FieldsyncError } from '@fieldsync/model';

/**
 * The session token expired or was revoked. A connector refreshes its session once and retries;
 * it throws this only when the refreshed session is refused too. Retry: no (sign in again).
 */
export class AuthExpiredError extends FieldsyncError {
  constructor(message = 'the session expired and could not be refreshed') {
    super('AUTH_EXPIRED', message);
  }
}

/** Sign-in was refused: wrong credentials, unknown or disabled user. Retry: no. */
export class AuthFailedError extends FieldsyncError {
  constructor(
    message: string,
    readonly reason?: string,
  ) {
    super('AUTH_FAILED', message, { reason });
  }
}

/**
 * The backend throttled the call (HTTP 429 or 503 with Retry-After). A connector waits
 * `retryAfterMs` and retries by itself a bounded number of times; it throws this when the
 * budget is spent. Retry: yes, after `retryAfterMs`.
 */
export class RateLimitedError extends FieldsyncError {
  constructor(
    readonly retryAfterMs: number,
    message = `rate limited; retry after ${retryAfterMs} ms`,
  ) {
    super('RATE_LIMITED', message, { retryAfterMs });
  }
}

/** The daily API quota is spent (Salesforce REQUEST_LIMIT_EXCEEDED). Retry: not before the quota resets. */
export class QuotaExceededError extends FieldsyncError {
  constructor(
    readonly used: number,
    readonly limit: number,
  ) {
    super('QUOTA_EXCEEDED', `API quota exceeded: ${used} of ${limit} requests used`, { used, limit });
  }
}

/**
 * The anchor is too old for the backend to list changes or deletes since it (recycle bin
 * emptied, change-tracking token expired). Retry: no; the caller re-reads the entity in full.
 */
export class FullResyncRequiredError extends FieldsyncError {
  constructor(
    readonly entity: string,
    reason: string,
  ) {
    super('FULL_RESYNC_REQUIRED', `${entity}: full resync required: ${reason}`, { entity, reason });
  }
}

/** The user lacks the privilege for the operation (read, create, write, delete, append...). Retry: no. */
export class PermissionDeniedError extends FieldsyncError {
  constructor(
    readonly entity: string,
    readonly privilege: string,
    message?: string,
  ) {
    super('PERMISSION_DENIED', message ?? `no ${privilege} privilege on ${entity}`, { entity, privilege });
  }
}

/** A batch has more operations than the backend takes in one call. Retry: no; split the batch. */
export class BatchTooLargeError extends FieldsyncError {
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super('BATCH_TOO_LARGE', `a write batch of ${size} operations exceeds the limit of ${limit}`, { size, limit });
  }
}

/**
 * A passing failure: the connection dropped, the server answered 5xx, the answer was lost.
 * Retry: yes; every write carries an idempotency key, so a retried batch does no harm.
 */
export class TransientError extends FieldsyncError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('TRANSIENT', message, {}, options);
  }
}

/**
 * The backend answered something that breaks the contract (a page without ids, wrong types,
 * an unparseable body). Retry: no; nothing from the answer was applied.
 */
export class ContractViolationError extends FieldsyncError {
  constructor(
    message: string,
    readonly where: string,
  ) {
    super('CONTRACT_VIOLATION', `${where}: ${message}`, { where });
  }
}

/** The call asked for something the connector does not declare in its capabilities. Retry: no. */
export class UnsupportedCapabilityError extends FieldsyncError {
  constructor(readonly capability: string) {
    super('UNSUPPORTED_CAPABILITY', `this connector does not support ${capability}`, { capability });
  }
}

/** The bridge assigns no customization to the user (none published for any of their roles). Retry: no. */
export class NoCustomizationError extends FieldsyncError {
  constructor(message = 'No customization is published for your security roles; ask your administrator to publish one') {
    super('NO_CUSTOMIZATION', message);
  }
}

/**
 * The device was wiped or its registration revoked by an admin: its tokens stop working at once.
 * Retry: no; the device erases its data.
 */
export class DeviceRevokedError extends FieldsyncError {
  constructor(message = 'this device was wiped by an administrator') {
    super('DEVICE_REVOKED', message);
  }
}

/**
 * An attachment is larger than the backend takes (or than the connector's configured limit); nothing
 * was read or written. `size` is what was known when refused (at least that many bytes). Retry: no.
 */
export class AttachmentTooLargeError extends FieldsyncError {
  constructor(
    readonly id: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super('ATTACHMENT_TOO_LARGE', `attachment of ${id} is ${size} bytes, over the limit of ${limit}`, { id, size, limit });
  }
}
