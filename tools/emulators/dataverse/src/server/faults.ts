/** An injected failure of an API request: the status, the Dataverse error code, and an optional `Retry-After`. */
export interface InjectedFailure {
  /** @default 500 */
  readonly status?: number;
  /** @default '0x80040216' */
  readonly code?: string;
  readonly message?: string;
  readonly retryAfterSeconds?: number;
}

/** Faults a test injects into the next requests. */
export interface DataverseEmulatorFaults {
  /** The next `n` API requests (not token requests) answer this failure. */
  failNext(n: number, failure?: InjectedFailure): void;
  /** The next request's connection (API or token) is destroyed without an answer. */
  dropNextConnection(): void;
  /** The next request (API or token) is answered `ms` late on the emulator's clock (a test's `ManualClock` with `spendDelaysAtOnce` moves at once). */
  delayNext(ms: number): void;
  /** The next `n` token requests answer Azure AD's error of that AADSTS code (e.g. 7000215, 50126, 700016). */
  failTokenRequests(n: number, aadErrorCode: number): void;
  /** Forgets every pending fault. */
  clear(): void;
}

/** The pending faults, consumed one request at a time. */
export class FaultPlan implements DataverseEmulatorFaults {
  private failures: InjectedFailure[] = [];
  private tokenFailures: number[] = [];
  private drops = 0;
  private delays: number[] = [];

  failNext(n: number, failure: InjectedFailure = {}): void {
    for (let i = 0; i < n; i++) this.failures.push(failure);
  }

  dropNextConnection(): void {
    this.drops++;
  }

  delayNext(ms: number): void {
    this.delays.push(ms);
  }

  failTokenRequests(n: number, aadErrorCode: number): void {
    for (let i = 0; i < n; i++) this.tokenFailures.push(aadErrorCode);
  }

  clear(): void {
    this.failures = [];
    this.tokenFailures = [];
    this.drops = 0;
    this.delays = [];
  }

  /** The delay of this request (0 for none), consumed. */
  takeDelay(): number {
    return this.delays.shift() ?? 0;
  }

  /** True when this request's connection is to be dropped (consumed). */
  takeDrop(): boolean {
    if (this.drops === 0) return false;
    this.drops--;
    return true;
  }

  /** The failure of this API request, consumed, or undefined. */
  takeFailure(): InjectedFailure | undefined {
    return this.failures.shift();
  }

  /** The AADSTS code this token request fails with, consumed, or undefined. */
  takeTokenFailure(): number | undefined {
    return this.tokenFailures.shift();
  }
}
