import { RateLimitedError } from '@fieldsync/connector-api';
import { systemClock, waitOnClock, type Clock } from '@fieldsync/model';

/** The bounds of {@link withRateLimitRetries}, defaults applied. */
export interface RateLimitBudget {
  readonly maxRateLimitRetries: number;
  readonly maxRetryAfterMs: number;
}

/**
 * Runs `send`, waiting out a `RateLimitedError`'s Retry-After on `clock` and sending again at most
 * `maxRateLimitRetries` times; a Retry-After beyond `maxRetryAfterMs` is not waited for. Throws
 * `RateLimitedError` (with the last Retry-After) once the budget is spent; other errors pass at once.
 * @param clock what the waits run on. @default the machine's timers
 */
export async function withRateLimitRetries<T>(operation: string, budget: RateLimitBudget, send: () => Promise<T>, clock: Clock = systemClock): Promise<T> {
  for (let retries = 0; ; retries++) {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      if (retries >= budget.maxRateLimitRetries || error.retryAfterMs > budget.maxRetryAfterMs) {
        throw new RateLimitedError(error.retryAfterMs, `${operation}: still rate limited after ${retries} retries; retry after ${error.retryAfterMs} ms`);
      }
      await waitOnClock(clock, error.retryAfterMs);
    }
  }
}
