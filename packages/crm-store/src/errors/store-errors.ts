import { FieldsyncError } from '@fieldsync/model';

/** The access token is past its expiry, or the refresh token is. Sign in or refresh. */
export class StoreAuthExpiredError extends FieldsyncError {
  constructor(readonly tokenKind: 'access' | 'refresh') {
    super('STORE_AUTH_EXPIRED', `the ${tokenKind} token has expired`, { tokenKind });
  }
}

/** Wrong credentials, an unknown or revoked token, or a disabled user. */
export class StoreAuthInvalidError extends FieldsyncError {
  constructor(readonly reason: string) {
    super('STORE_AUTH_INVALID', `authentication refused: ${reason}`, { reason });
  }
}

/** The version asked from is older than the purged history: re-read the entity in full. */
export class StoreHistoryExpiredError extends FieldsyncError {
  constructor(
    readonly entity: string,
    readonly afterVersion: number,
    readonly watermark: number,
  ) {
    super('STORE_HISTORY_EXPIRED', `${entity}: history before version ${watermark} was purged; cannot list changes after ${afterVersion}`, {
      entity,
      afterVersion,
      watermark,
    });
  }
}

/** A schema would remove an entity or field, or change a field's type; nothing was changed. */
export class StoreSchemaChangeRefusedError extends FieldsyncError {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super('STORE_SCHEMA_CHANGE_REFUSED', `${path}: ${reason} (the store never drops data)`, { path });
  }
}

/** The file is not a SQLite database, or a SQLite database that is not a crm-store. Nothing was written. */
export class StoreFileInvalidError extends FieldsyncError {
  constructor(
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super('STORE_FILE_INVALID', `${file}: ${reason}`, { file }, options);
  }
}

/** A record, user, team or attachment named by a system call does not exist. */
export class StoreNotFoundError extends FieldsyncError {
  constructor(
    readonly kind: string,
    readonly id: string,
  ) {
    super('STORE_NOT_FOUND', `${kind} '${id}' not found`, { kind, id });
  }
}

/** A unique name or id is already taken. */
export class StoreDuplicateError extends FieldsyncError {
  constructor(
    readonly kind: string,
    readonly key: string,
  ) {
    super('STORE_DUPLICATE', `${kind} '${key}' already exists`, { kind, key });
  }
}

/** The principal lacks the privilege for a read or an attachment call. */
export class StorePermissionDeniedError extends FieldsyncError {
  constructor(
    readonly entity: string,
    readonly privilege: string,
    message?: string,
  ) {
    super('PERMISSION_DENIED', message ?? `no ${privilege} privilege on ${entity}`, { entity, privilege });
  }
}

/** The user's daily API limit is spent. */
export class StoreQuotaExceededError extends FieldsyncError {
  constructor(
    readonly used: number,
    readonly limit: number,
  ) {
    super('STORE_QUOTA_EXCEEDED', `API quota exceeded: ${used} of ${limit} calls used today`, { used, limit });
  }
}

/** A byte range outside the attachment. */
export class StoreRangeInvalidError extends FieldsyncError {
  constructor(
    readonly start: number,
    readonly end: number | undefined,
    readonly size: number,
  ) {
    super('STORE_RANGE_INVALID', `range ${start}-${end ?? ''} is outside an attachment of ${size} bytes`, { start, end, size });
  }
}
