/** The bounds of {@link ConnectorCallPolicy}; each connector keeps its own in its config. */
export interface RetryLimits {
  /** Throttled attempts sent again after their Retry-After before `RateLimitedError` is thrown. @default 3 */
  readonly maxRateLimitRetries: number;
  /** A Retry-After longer than this is not waited for; `RateLimitedError` is thrown at once. @default 60000 */
  readonly maxRetryAfterMs: number;
  /** Transient failures of an idempotent call sent again before the failure is thrown. @default 0 */
  readonly maxTransientRetries: number;
  /** The wait before the `retry`-th resend of a transient failure (1 for the first). @default 100 * 2 ** retry */
  readonly transientBackoffMs: (retry: number) => number;
}

/** The limits with the defaults filled in for what `limits` leaves out. */
export function retryLimits(limits: Partial<RetryLimits> = {}): RetryLimits {
  return Object.freeze({
    maxRateLimitRetries: limits.maxRateLimitRetries ?? 3,
    maxRetryAfterMs: limits.maxRetryAfterMs ?? 60_000,
    maxTransientRetries: limits.maxTransientRetries ?? 0,
    transientBackoffMs: limits.transientBackoffMs ?? ((retry: number) => 100 * 2 ** retry),
  });
}
