/**
 * What a connector declares about its own failures, so that {@link ConnectorCallPolicy} can decide
 * what to do with them: each method is asked about what one attempt of a call threw (the connector's
 * raw failure, before it is mapped to a connector-api error). A connector that never sees one kind
 * answers false (or undefined) for it.
 * @example
 * const classifier: FailureClassifier = {
 *   isSessionExpired: (error) => error instanceof HttpFailure && error.status === 401,
 *   throttleDelayMs: (error) => (error instanceof HttpFailure && error.status === 429 ? error.retryAfterMs ?? 1_000 : undefined),
 *   isTransient: (error) => error instanceof HttpFailure && (error.status === undefined || error.status >= 500),
 * };
 */
export interface FailureClassifier {
  /** True when the failure says the session's token is no longer accepted (refresh it and send again). */
  isSessionExpired(error: unknown): boolean;
  /** The wait in ms the backend asked for (its Retry-After) when the failure is a throttle; undefined when it is not one. */
  throttleDelayMs(error: unknown): number | undefined;
  /** True for a passing failure (a dropped connection, a 5xx) that sending an idempotent call again may cure. */
  isTransient(error: unknown): boolean;
}

/** A {@link FailureClassifier} stated over a connector's own failure type `F`. */
export interface FailureRules<F> {
  isSessionExpired(failure: F): boolean;
  throttleDelayMs(failure: F): number | undefined;
  isTransient(failure: F): boolean;
}

/**
 * A {@link FailureClassifier} from rules over the connector's own failure record: `failureOf` picks
 * the record out of what an attempt threw (undefined for anything else, which the policy then passes on).
 * @example failureClassifier((error) => (error instanceof CallFailed ? error.failure : undefined), { isSessionExpired, throttleDelayMs, isTransient })
 */
export function failureClassifier<F>(failureOf: (error: unknown) => F | undefined, rules: FailureRules<F>): FailureClassifier {
  return {
    isSessionExpired: (error) => {
      const failure = failureOf(error);
      return failure !== undefined && rules.isSessionExpired(failure);
    },
    throttleDelayMs: (error) => {
      const failure = failureOf(error);
      return failure === undefined ? undefined : rules.throttleDelayMs(failure);
    },
    isTransient: (error) => {
      const failure = failureOf(error);
      return failure !== undefined && rules.isTransient(failure);
    },
  };
}
