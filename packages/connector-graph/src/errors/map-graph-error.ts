import { FieldsyncError } from '@fieldsync/model';
import { TransientError } from '@fieldsync/connector-api';
import { graphFailureOf } from './graph-call-failure';
import { GraphRequestError } from './graph-request-error';

/** What a call's failure becomes once the retry policy gave up: our errors as they are, network and 5xx `TransientError`, other answers `GraphRequestError`. */
export function mapGraphError(error: unknown, operation: string, target?: string): Error {
  if (error instanceof FieldsyncError) return error;
  const failure = graphFailureOf(error);
  if (!failure) return error instanceof Error ? error : new Error(String(error));
  if (failure.status === undefined || failure.status >= 500) {
    return new TransientError(`${operation}${target ? ` (${target})` : ''}: ${failure.status ?? 'no answer'}: ${failure.message}`, { cause: error });
  }
  return new GraphRequestError(operation, failure.status, failure.code, failure.message, target);
}

/** Whether a failure is Graph's answer with this status. */
export function isGraphStatus(error: unknown, status: number): boolean {
  return graphFailureOf(error)?.status === status;
}
