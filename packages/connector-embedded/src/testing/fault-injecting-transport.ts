import { RateLimitedError, TransientError } from '@fieldsync/connector-api';
import { StoreAuthExpiredError } from '@fieldsync/crm-store';
import type { EmbeddedCall, EmbeddedTransport } from '../transport/embedded-transport';

/**
 * An {@link EmbeddedTransport} that counts every call and injects faults as a network would:
 * 429s with Retry-After, 5xx, lost answers of writes, refused session refreshes.
 */
export class FaultInjectingTransport implements EmbeddedTransport {
  #calls = 0;
  #sessionRefreshes = 0;
  #rateLimit: { retryAfterMs: number; left: number } | undefined;
  #serverErrorsLeft = 0;
  #loseNextWrite = false;
  #refreshRefusalsLeft: number | 'always' = 0;

  async send<T>(call: EmbeddedCall, run: () => Promise<T>): Promise<T> {
    this.#calls++;
    if (call.operation === 'refresh') this.#sessionRefreshes++;
    if (this.#rateLimit && this.#rateLimit.left > 0) {
      this.#rateLimit.left--;
      throw new RateLimitedError(this.#rateLimit.retryAfterMs, `${call.operation}: 429 Too Many Requests (injected)`);
    }
    if (this.#serverErrorsLeft > 0) {
      this.#serverErrorsLeft--;
      throw new TransientError(`${call.operation}: 503 Service Unavailable (injected)`);
    }
    if (call.operation === 'refresh' && this.#refreshRefusalsLeft !== 0) {
      if (this.#refreshRefusalsLeft !== 'always') this.#refreshRefusalsLeft--;
      throw new StoreAuthExpiredError('refresh');
    }
    const result = await run();
    if (call.operation === 'write' && this.#loseNextWrite) {
      this.#loseNextWrite = false;
      throw new TransientError('write: the connection dropped before the answer arrived (injected; the write was applied)');
    }
    return result;
  }

  /** The next `times` calls are refused with a 429 and Retry-After `retryAfterMs`. */
  rateLimit(retryAfterMs: number, times: number): void {
    this.#rateLimit = { retryAfterMs, left: times };
  }

  /** The next `times` calls fail with a 5xx before reaching the store. */
  failNext(times: number): void {
    this.#serverErrorsLeft = times;
  }

  /** The next write is applied but its answer is lost. */
  loseNextWriteResponse(): void {
    this.#loseNextWrite = true;
  }

  /** The next `refusals` session refreshes are refused (`'always'`: every one). */
  refuseRefreshes(refusals: number | 'always'): void {
    this.#refreshRefusalsLeft = refusals;
  }

  /** Calls and session refreshes since the last reset. */
  counters(): { calls: number; sessionRefreshes: number } {
    return { calls: this.#calls, sessionRefreshes: this.#sessionRefreshes };
  }

  /** Zeroes the counters (pending faults stay). */
  resetCounters(): void {
    this.#calls = 0;
    this.#sessionRefreshes = 0;
  }
}
