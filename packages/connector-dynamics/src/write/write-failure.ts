import type { WriteFailed } from '@fieldsync/connector-api';
import { DataverseErrorCodes } from '../errors/dataverse-error-codes';
import type { DynamicsCallFailure } from '../errors/dynamics-call-failure';

/** The property a Dataverse validation message names (`… property named 'x' …`, `… attribute 'x' …`, `… of 'contact.x'`). */
function fieldNamed(message: string): string | undefined {
  return /(?:property|attribute|field)(?: named)? '([^']+)'/i.exec(message)?.[1] ?? /'[a-z_][a-z0-9_]*\.([a-z_][a-z0-9_]*)'/i.exec(message)?.[1];
}

/**
 * The `error` of a failed write result for one refused `$batch` part: privilege refusals are
 * PERMISSION_DENIED, a missing referenced record REFERENCE_NOT_FOUND, bad values VALIDATION_FAILED
 * (with the field Dataverse names), throttling and 5xx retryable; Dataverse's code stays in the message.
 */
export function writeFailureOf(failure: DynamicsCallFailure): WriteFailed['error'] {
  const { status = 0, errorCode, message } = failure;
  const text = `${errorCode ? `${errorCode}: ` : ''}${message}`;
  const field = fieldNamed(message);
  const withField = field === undefined ? {} : { field };
  if (status === 429) return { code: 'RATE_LIMITED', message: text, retryable: true };
  if (status >= 500) return { code: 'TRANSIENT', message: text, retryable: true };
  if (status === 403 || errorCode === DataverseErrorCodes.accessDenied) return { code: 'PERMISSION_DENIED', message: text, retryable: false };
  if (status === 404 || errorCode === DataverseErrorCodes.recordNotFound) return { code: 'REFERENCE_NOT_FOUND', message: text, ...withField, retryable: false };
  return { code: 'VALIDATION_FAILED', message: text, ...withField, retryable: false };
}
