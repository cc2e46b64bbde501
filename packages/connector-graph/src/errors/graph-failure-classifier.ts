import { failureClassifier, type FailureClassifier } from '@fieldsync/connector-api';
import { graphFailureOf } from './graph-call-failure';

/** How the retry policy sees Graph's failures: 401 refreshes the token, 429 and 503 wait their Retry-After, network failures and other 5xx are transient. */
export const graphFailureClassifier: FailureClassifier = failureClassifier(graphFailureOf, {
  isSessionExpired: (failure) => failure.status === 401,
  throttleDelayMs: (failure) =>
    failure.status === 429 || (failure.status === 503 && failure.retryAfterMs !== undefined) ? (failure.retryAfterMs ?? 1_000) : undefined,
  isTransient: (failure) => failure.status === undefined || failure.status >= 500,
});
