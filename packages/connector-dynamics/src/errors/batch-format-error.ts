import { ContractViolationError } from '@fieldsync/connector-api';

/**
 * A `$batch` answer could not be read: no boundary, a part without an HTTP status line, a part
 * count that does not match the requests. Nothing of the answer is applied locally. Retry: no.
 */
export class BatchFormatError extends ContractViolationError {
  constructor(
    message: string,
    /** Which part of the answer, e.g. `$batch part 3`. */
    readonly part: string,
  ) {
    super(message, part);
  }
}
