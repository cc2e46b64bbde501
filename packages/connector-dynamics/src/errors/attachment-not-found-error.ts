import { FieldsyncError } from '@fieldsync/model';

/** The note whose attachment was asked for does not exist, or the user cannot read it. Retry: no. */
export class AttachmentNotFoundError extends FieldsyncError {
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super('ATTACHMENT_NOT_FOUND', `${entity} ${id} does not exist or cannot be read`, { entity, id });
  }
}
