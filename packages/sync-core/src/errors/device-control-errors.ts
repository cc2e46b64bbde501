import { FieldsyncError } from '@fieldsync/model';

/**
 * An administrator locked the device: local records cannot be read or changed until a sync learns
 * that it was unlocked. Retry: after a sync that reports the device active again.
 */
export class DeviceLockedError extends FieldsyncError {
  constructor() {
    super('DEVICE_LOCKED', 'An administrator locked this device: its records cannot be read or changed until it is unlocked (a sync checks)');
  }
}

/**
 * The device's data was erased on an administrator's order (or its registration was revoked); this
 * engine can no longer be used. The caller deletes the database file and its stored token.
 */
export class DeviceWipedError extends FieldsyncError {
  constructor() {
    super('DEVICE_WIPED', 'An administrator wiped this device: its data was erased; sign in again on a new database');
  }
}

/**
 * A full sync forced by the administrator cannot run because local changes of the entities it
 * re-downloads could not be uploaded (and the order does not allow discarding them). Nothing was
 * downloaded; the order stays due. Retry: after resolving the sync errors.
 */
export class ForcedFullSyncBlockedError extends FieldsyncError {
  constructor(
    readonly pendingChanges: number,
    readonly commandId: string,
  ) {
    super(
      'FORCED_FULL_SYNC_BLOCKED',
      `The full sync forced by the administrator cannot run: ${pendingChanges} local change${pendingChanges === 1 ? '' : 's'} could not be uploaded; resolve the sync errors and sync again`,
      { pendingChanges, commandId },
    );
  }
}

/**
 * A background sync met a full sync forced by the administrator: it stops without changing anything,
 * and the user starts the sync in the foreground.
 */
export class ManualSyncRequiredError extends FieldsyncError {
  constructor(readonly commandId: string) {
    super('MANUAL_SYNC_REQUIRED', 'Please Start Sync Manually: Administrator Forced Full Sync', { commandId });
  }
}
