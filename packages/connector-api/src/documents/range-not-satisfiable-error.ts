import { FieldsyncError } from '@fieldsync/model';

/** A read asked for a range beyond the end of a file (HTTP 416). Retry: no; read from a smaller offset. */
export class RangeNotSatisfiableError extends FieldsyncError {
  constructor(
    /** The file's size in bytes. */
    readonly size: number,
    message: string,
  ) {
    super('RANGE_NOT_SATISFIABLE', message, { size });
  }
}
