/** Salesforce error codes a query can fail with. */
export type SoqlErrorCode = 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE' | 'INVALID_QUERY_FILTER_OPERATOR' | 'NUMBER_OUTSIDE_VALID_RANGE';

/**
 * A query Salesforce would refuse, with the error code and message it would answer (HTTP 400,
 * `[{"message","errorCode"}]`). `position` is the 0-based offset in the query text, when known.
 */
export class SoqlError extends Error {
  override readonly name = 'SoqlError';

  constructor(
    readonly errorCode: SoqlErrorCode,
    message: string,
    readonly position?: number,
  ) {
    super(message);
  }

  /** True for a {@link SoqlError}, also across realms. */
  static is(error: unknown): error is SoqlError {
    return error instanceof SoqlError || (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'SoqlError');
  }
}
