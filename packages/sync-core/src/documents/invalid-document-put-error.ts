import { FieldsyncError } from '@fieldsync/model';

/** `engine.documents.put` refused its input (nothing was queued or kept); `reason` says what is wrong. Retry: no. */
export class InvalidDocumentPutError extends FieldsyncError {
  constructor(
    readonly entity: string,
    readonly id: string,
    reason: string,
  ) {
    super('INVALID_DOCUMENT_PUT', `${entity} '${id}': ${reason}`, { entity, id, reason });
  }
}
