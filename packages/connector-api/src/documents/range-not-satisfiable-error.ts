import { FieldsyncError } from '@fieldsync/model';

/**
 * A read asked for a range beyond the end of a file or attachment (HTTP 416), from any backend: the
 * reference CRM, Dataverse, Salesforce, Graph, or a bridge in front of one. Retry: no; read from a smaller offset.
 */
export class RangeNotSatisfiableError extends FieldsyncError {
  constructor(
    /** The file's size in bytes; -1 when the backend did not say. */
    readonly size: number,
    message: string,
  ) {
    super('RANGE_NOT_SATISFIABLE', message, { size });
  }
}
