/** Faults a test injects into the next requests (any route, the token endpoint included). */
export interface SalesforceEmulatorFaults {
  /** The next `n` requests answer `status` (500 `UNKNOWN_EXCEPTION`, 503 `SERVER_UNAVAILABLE`, ...). @default status 500 */
  failNext(n: number, status?: number): void;
  /** The next request's connection is destroyed without an answer. */
  dropNextConnection(): void;
  /** The next request is answered `ms` later on the emulator's clock (a test's `ManualClock` with `spendDelaysAtOnce` moves at once). */
  slowNext(ms: number): void;
  /** The next `n` requests answer 429 `REQUEST_LIMIT_EXCEEDED` with `Retry-After: retryAfterSeconds`. @default retryAfterSeconds 1 */
  rateLimitNext(n: number, retryAfterSeconds?: number): void;
  /** Forgets every pending fault. */
  clear(): void;
}

/** What the server does with the next request. */
export type PlannedFault = { kind: 'drop' } | { kind: 'fail'; status: number } | { kind: 'rateLimit'; retryAfterSeconds: number } | { kind: 'none' };

/** The pending faults, consumed one request at a time. */
export class FaultPlan implements SalesforceEmulatorFaults {
  private failures: number[] = [];
  private drops = 0;
  private delays: number[] = [];
  private rateLimits: number[] = [];

  failNext(n: number, status = 500): void {
    for (let i = 0; i < n; i++) this.failures.push(status);
  }

  dropNextConnection(): void {
    this.drops++;
  }

  slowNext(ms: number): void {
    this.delays.push(ms);
  }

  rateLimitNext(n: number, retryAfterSeconds = 1): void {
    if (!Number.isInteger(retryAfterSeconds) || retryAfterSeconds < 0)
      throw new RangeError(`rateLimitNext: retryAfterSeconds must be a whole number >= 0, got ${retryAfterSeconds}`);
    for (let i = 0; i < n; i++) this.rateLimits.push(retryAfterSeconds);
  }

  clear(): void {
    this.failures = [];
    this.drops = 0;
    this.delays = [];
    this.rateLimits = [];
  }

  /** The delay of this request (0 for none). */
  takeDelay(): number {
    return this.delays.shift() ?? 0;
  }

  /** The fault of this request, consumed. */
  take(): PlannedFault {
    if (this.drops > 0) {
      this.drops--;
      return { kind: 'drop' };
    }
    const retryAfterSeconds = this.rateLimits.shift();
    if (retryAfterSeconds !== undefined) return { kind: 'rateLimit', retryAfterSeconds };
    const status = this.failures.shift();
    return status === undefined ? { kind: 'none' } : { kind: 'fail', status };
  }
}
