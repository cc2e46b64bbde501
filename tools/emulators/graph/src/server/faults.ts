/** One injected failure: a status answered instead of the request, in Graph's error shape. */
export interface GraphInjectedFailure {
  readonly status: number;
  /** @default `activityLimitReached` for 429, `serviceNotAvailable` for 503, `generalException` otherwise */
  readonly code?: string;
  readonly retryAfterSeconds?: number;
}

/** Faults injected into the next API, download or upload requests (token requests are not affected). */
export interface GraphEmulatorFaults {
  /** The next `n` requests answer 429 `activityLimitReached` with `Retry-After`. */
  throttle(n: number, retryAfterSeconds: number): void;
  /** The next `n` requests answer 503 `serviceNotAvailable` (with `Retry-After` when given). */
  unavailable(n: number, retryAfterSeconds?: number): void;
  /** The next request to an upload URL is cut: the connection drops before an answer. */
  cutNextUpload(): void;
}

/** The faults waiting to be used, in order. */
export class GraphFaultPlan implements GraphEmulatorFaults {
  private readonly failures: GraphInjectedFailure[] = [];
  private uploadCuts = 0;

  throttle(n: number, retryAfterSeconds: number): void {
    for (let i = 0; i < n; i++) this.failures.push({ status: 429, code: 'activityLimitReached', retryAfterSeconds });
  }

  unavailable(n: number, retryAfterSeconds?: number): void {
    for (let i = 0; i < n; i++) this.failures.push({ status: 503, code: 'serviceNotAvailable', retryAfterSeconds });
  }

  cutNextUpload(): void {
    this.uploadCuts++;
  }

  /** The next failure to answer, if any. */
  takeFailure(): GraphInjectedFailure | undefined {
    return this.failures.shift();
  }

  /** Whether to cut this upload request. */
  takeUploadCut(): boolean {
    if (this.uploadCuts === 0) return false;
    this.uploadCuts--;
    return true;
  }
}
