import { FieldsyncError } from '@fieldsync/model';

/** Graph refused a call for good (a 4xx other than throttling): names the operation, status, Graph's code and the item. Retry: no. */
export class GraphRequestError extends FieldsyncError {
  constructor(
    readonly operation: string,
    readonly status: number | undefined,
    readonly graphCode: string | undefined,
    message: string,
    readonly target?: string,
  ) {
    super(
      'GRAPH_REQUEST_FAILED',
      `${operation}${target ? ` (${target})` : ''}: Graph answered ${status ?? 'no status'}${graphCode ? ` ${graphCode}` : ''}: ${message}`,
      {
        operation,
        status,
        graphCode,
        target,
      },
    );
  }
}
