/** Faults a test injects into the next requests (any route, the token endpoint included). */
export interface SalesforceEmulatorFaults {
  /** The next `n` requests answer `status` (500 `UNKNOWN_EXCEPTION`, 503 `SERVER_UNAVAILABLE`, ...). @default status 500 */
  failNext(n: number, status?: number): void;
  /** The next request's connection is destroyed without an answer. */
  dropNextConnection(): void;
  /** The next request is answered after `ms` more milliseconds. */
  slowNext(ms: number): void;
  /** The next `n` requests answer 429 `REQUEST_LIMIT_EXCEEDED` with `Retry-After: 1`. */
  rateLimitNext(n: number): void;
  /** Forgets every pending fault. */
  clear(): void;
}

/** What the server does with the next request. */
export type PlannedFault = { kind: 'drop' } | { kind: 'fail'; status: number } | { kind: 'rateLimit' } | { kind: 'none' };

/** The pending faults, consumed one request at a time. */
export class FaultPlan implements SalesforceEmulatorFaults {
  private failures: number[] = [];
  private drops = 0;
  private delays: number[] = [];
  private rateLimits = 0;

  failNext(n: number, status = 500): void {
    for (let i = 0; i < n; i++) this.failures.push(status);
  }

  dropNextConnection(): void {
    this.drops++;
  }

  slowNext(ms: number): void {
    this.delays.push(ms);
  }

  rateLimitNext(n: number): void {
    this.rateLimits += n;
  }

  clear(): void {
    this.failures = [];
    this.drops = 0;
    this.delays = [];
    this.rateLimits = 0;
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
    if (this.rateLimits > 0) {
      this.rateLimits--;
      return { kind: 'rateLimit' };
    }
    const status = this.failures.shift();
    return status === undefined ? { kind: 'none' } : { kind: 'fail', status };
  }
}
