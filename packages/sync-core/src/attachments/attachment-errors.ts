import { FieldsyncError } from '@fieldsync/model';

/** The backend cannot read or write attachment bodies (`capabilities.attachments` is off). */
export class AttachmentsNotSupportedError extends FieldsyncError {
  constructor(operation: string) {
    super('ATTACHMENTS_NOT_SUPPORTED', `${operation}: the backend does not support attachments`, { operation });
  }
}

/** No body of this record is known on the device (not synchronised, or no document). */
export class AttachmentNotFoundError extends FieldsyncError {
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super('ATTACHMENT_NOT_FOUND', `${entity} '${id}': no attachment on the device`, { entity, id });
  }
}

/** A body is larger than the `MaxAttachmentSize` setting allows, even on request. */
export class AttachmentTooLargeError extends FieldsyncError {
  constructor(
    readonly entity: string,
    readonly id: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super('ATTACHMENT_TOO_LARGE', `${entity} '${id}': ${size} bytes is over MaxAttachmentSize (${limit} bytes)`, { entity, id, size, limit });
  }
}

/** The backend sent another number of bytes than the body's size. */
export class AttachmentSizeMismatchError extends FieldsyncError {
  constructor(
    readonly entity: string,
    readonly id: string,
    readonly expected: number,
    readonly received: number,
  ) {
    super('ATTACHMENT_SIZE_MISMATCH', `${entity} '${id}': expected ${expected} bytes, received ${received}`, { entity, id, expected, received });
  }
}

/** A device-created body was given neither a `body` nor a `path`, or both, or a path with no reader. */
export class InvalidAttachmentPutError extends FieldsyncError {
  constructor(
    readonly entity: string,
    readonly id: string,
    reason: string,
  ) {
    super('INVALID_ATTACHMENT_PUT', `${entity} '${id}': ${reason}`, { entity, id, reason });
  }
}
