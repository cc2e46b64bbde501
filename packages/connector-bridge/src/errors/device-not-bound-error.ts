import { FieldsyncError } from '@fieldsync/model';

/**
 * A device-channel call was made by a connector without a `deviceId`, or names another device than
 * the one its session is bound to. Nothing was sent. Retry: no; configure the connector's `deviceId`.
 */
export class DeviceNotBoundError extends FieldsyncError {
  constructor(
    readonly operation: string,
    message: string,
  ) {
    super('DEVICE_NOT_BOUND', `${operation}: ${message}`, { operation });
  }
}
