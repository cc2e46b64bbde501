import { FieldsyncError } from '@fieldsync/model';

/**
 * A request to `decide` is not one a caller should make: an unknown kind, a size that is not a
 * whole number of bytes, an empty id. Code `INVALID_BLOB_REQUEST`; `field` names the bad property.
 */
export class InvalidBlobRequestError extends FieldsyncError {
  constructor(
    /** The property of the request at fault, e.g. `size`. */
    readonly field: string,
    problem: string,
  ) {
    super('INVALID_BLOB_REQUEST', `blob request ${field}: ${problem}`, { field });
  }
}
