import { FieldsyncError, type ValidationIssue, formatIssue } from '@fieldsync/model';

/** The device database file is not one of ours (another app's SQLite file) or is damaged. */
export class ForeignDatabaseError extends FieldsyncError {
  constructor(
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super('FOREIGN_DATABASE', `${file}: not a Fieldsync device database (${reason})`, { file, reason }, options);
  }
}

/** The customization asks for a local schema the existing tables cannot take (a column changed type). */
export class IncompatibleLocalSchemaError extends FieldsyncError {
  constructor(
    readonly entity: string,
    readonly field: string,
    reason: string,
  ) {
    super('INCOMPATIBLE_LOCAL_SCHEMA', `${entity}.${field}: ${reason}`, { entity, field, reason });
  }
}

/** A local write was refused before anything was queued: the user lacks the privilege or the field is read-only. */
export class LocalPermissionError extends FieldsyncError {
  constructor(
    readonly entity: string,
    readonly privilege: string,
    message: string,
    readonly field?: string,
  ) {
    super('LOCAL_PERMISSION_DENIED', message, { entity, privilege, field });
  }
}

/** A local write's field values are invalid; every problem is listed with its path. */
export class LocalValidationError extends FieldsyncError {
  constructor(
    readonly entity: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    super('LOCAL_VALIDATION_FAILED', `${entity}: ${issues.map(formatIssue).join('; ')}`, { entity, issues });
  }
}

/** The record named by a local write or read does not exist on the device. */
export class LocalRecordNotFoundError extends FieldsyncError {
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super('LOCAL_RECORD_NOT_FOUND', `${entity} ${id} is not on this device`, { entity, id });
  }
}

/** The entity is not synchronised by this device's customization. */
export class EntityNotSyncedError extends FieldsyncError {
  constructor(readonly entity: string) {
    super('ENTITY_NOT_SYNCED', `entity '${entity}' is not synchronised on this device`, { entity });
  }
}

/** A second sync was started while one runs. */
export class SyncInProgressError extends FieldsyncError {
  constructor() {
    super('SYNC_IN_PROGRESS', 'a synchronization is already running on this device');
  }
}

/** The sync error named does not exist (already resolved, or never raised). */
export class SyncErrorNotFoundError extends FieldsyncError {
  constructor(readonly errorId: number) {
    super('SYNC_ERROR_NOT_FOUND', `sync error ${errorId} does not exist`, { errorId });
  }
}

/** The engine was used before `open()` finished its first sync set-up (no customization or schema yet). */
export class DeviceNotInitializedError extends FieldsyncError {
  constructor(what: string) {
    super('DEVICE_NOT_INITIALIZED', `${what}: the device has not synchronised yet; run a sync first`, { what });
  }
}

/**
 * The app cancelled the sync (`sync({ signal })`). It stopped between two pages or batches: what was
 * written stays, unsent changes stay queued, and the next sync goes on from there. Retry: yes.
 */
export class SyncCancelledError extends FieldsyncError {
  constructor() {
    super('SYNC_CANCELLED', 'the sync was cancelled; what was received is kept and the next sync goes on from there');
  }
}

/** Throws {@link SyncCancelledError} once `signal` is aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SyncCancelledError();
}
