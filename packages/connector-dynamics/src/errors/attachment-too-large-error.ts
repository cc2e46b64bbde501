import { FieldsyncError } from '@fieldsync/model';

/** A note's attachment is larger than `maxAttachmentBytes`; nothing was read or written. Retry: no. */
export class AttachmentTooLargeError extends FieldsyncError {
  constructor(
    readonly id: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super('ATTACHMENT_TOO_LARGE', `attachment of ${id} is ${size} bytes, over the limit of ${limit}`, { id, size, limit });
  }
}
