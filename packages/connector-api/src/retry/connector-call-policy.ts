import { waitOnClock, type Clock } from '@fieldsync/model';
import { AuthExpiredError, RateLimitedError } from '../errors/connector-errors';
import type { FailureClassifier } from './failure-classifier';
import { retryLimits, type RetryLimits } from './retry-limits';

/** One call that {@link ConnectorCallPolicy.run} sends. */
export interface ConnectorCall {
  /** The operation, named in the errors the policy throws (`readPage`). */
  readonly operation: string;
  /** True when sending the call twice does no harm (a read, a write carrying idempotency keys); only then is a transient failure sent again. @default false */
  readonly idempotent?: boolean;
  /** Refreshes the session after a refusal (throws `AuthExpiredError` when that is refused). Absent: a refusal is thrown as it is (sign-in itself, a call without a session). */
  readonly refreshSession?: () => Promise<unknown>;
  /** The session was already renewed for this call (ahead of its expiry): a refusal is then final. @default false */
  readonly sessionRenewed?: boolean;
  /** Stops the call: a wait under way rejects with the signal's reason, and no attempt is sent after it aborted. */
  readonly signal?: AbortSignal;
}

/** What a {@link ConnectorCallPolicy} needs: how the connector's failures look, its bounds and its clock. */
export interface ConnectorCallPolicyOptions {
  readonly classifier: FailureClassifier;
  /** @default see {@link RetryLimits} */
  readonly limits?: Partial<RetryLimits>;
  /** What the Retry-After and back-off waits are spent on (`waitOnClock`), so that a test's clock decides them. */
  readonly clock: Clock;
}

/**
 * The one retry and session policy of every connector (decision 123). For each attempt's failure,
 * in this order: an expired session is refreshed once and the call sent again (a second refusal is
 * `AuthExpiredError`, never a loop); a throttle waits its Retry-After on the clock and sends again at
 * most `maxRateLimitRetries` times (a Retry-After beyond `maxRetryAfterMs` is not waited for), then
 * `RateLimitedError` with the last Retry-After; a transient failure of an idempotent call is sent
 * again after a back-off at most `maxTransientRetries` times. Everything else, and what the budgets
 * leave over, propagates as the attempt threw it, for the connector to map. The budgets are per call.
 * @example
 * const policy = new ConnectorCallPolicy({ classifier, limits: config.retry, clock });
 * const page = await policy.run({ operation: 'readPage', idempotent: true, refreshSession: () => this.refresh() }, () => this.#get(url));
 */
export class ConnectorCallPolicy {
  /** The bounds in force, defaults filled in. */
  readonly limits: RetryLimits;
  readonly #classifier: FailureClassifier;
  readonly #clock: Clock;

  constructor(options: ConnectorCallPolicyOptions) {
    this.limits = retryLimits(options.limits);
    this.#classifier = options.classifier;
    this.#clock = options.clock;
  }

  /** Runs `attempt` under the policy and answers what the first successful attempt answers; throws as described on the class. */
  async run<T>(call: ConnectorCall, attempt: () => Promise<T>): Promise<T> {
    const { operation, signal } = call;
    let refreshed = call.sessionRenewed ?? false;
    let throttled = 0;
    let transient = 0;
    for (;;) {
      signal?.throwIfAborted();
      try {
        return await attempt();
      } catch (error) {
        if (call.refreshSession !== undefined && this.#classifier.isSessionExpired(error)) {
          if (refreshed) throw new AuthExpiredError(`${operation}: the refreshed session was refused too: ${messageOf(error)}`);
          refreshed = true;
          await call.refreshSession();
          continue;
        }
        const retryAfterMs = this.#classifier.throttleDelayMs(error);
        if (retryAfterMs !== undefined) {
          if (throttled >= this.limits.maxRateLimitRetries || retryAfterMs > this.limits.maxRetryAfterMs) {
            throw new RateLimitedError(retryAfterMs, `${operation}: still rate limited after ${throttled} retries; retry after ${retryAfterMs} ms`);
          }
          throttled++;
          await waitOnClock(this.#clock, retryAfterMs, signal);
          continue;
        }
        if (call.idempotent === true && transient < this.limits.maxTransientRetries && this.#classifier.isTransient(error)) {
          transient++;
          await waitOnClock(this.#clock, this.limits.transientBackoffMs(transient), signal);
          continue;
        }
        throw error;
      }
    }
  }
}

function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
