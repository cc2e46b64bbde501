import { FieldsyncError } from '@fieldsync/model';

/**
 * Stable codes of a {@link BridgeStoreError}:
 * - `DEVICE_OWNED_BY_OTHER_USER`: a device id registered by one user was registered by another.
 * - `DEVICE_WIPED`: the device was wiped; its id can never be used or unlocked again.
 * - `COMMAND_NOT_OPEN`: the command is already done or failed.
 * - `NOT_FOUND`: no such device or command.
 * - `INVALID_DATABASE_URL`: the URL names no database the store can use (unknown scheme, unopenable file).
 * - `INVALID_CURSOR`: a paging cursor that this listing did not hand out.
 * - `INVALID_ARGUMENT`: a time that is not ISO-8601, duplicate roles, a value that is not JSON.
 */
export type BridgeStoreErrorCode =
  'DEVICE_OWNED_BY_OTHER_USER' | 'DEVICE_WIPED' | 'COMMAND_NOT_OPEN' | 'NOT_FOUND' | 'INVALID_DATABASE_URL' | 'INVALID_CURSOR' | 'INVALID_ARGUMENT';

/**
 * An expected refusal of the bridge store, with a stable `code` and the ids involved in `details`.
 * None of them is worth retrying unchanged.
 * @example if (BridgeStoreError.is(e, 'DEVICE_WIPED')) { ... }
 */
export class BridgeStoreError extends FieldsyncError {
  declare readonly code: BridgeStoreErrorCode;

  constructor(code: BridgeStoreErrorCode, message: string, details: Readonly<Record<string, unknown>> = {}, options?: { cause?: unknown }) {
    super(code, message, details, options);
  }
}
