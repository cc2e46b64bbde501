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
  /** After `afterRequests` more upload-URL requests pass, the next one is cut: the connection drops before the fragment is taken. */
  cutUpload(afterRequests?: number): void;
}

/** The faults waiting to be used, in order. */
export class GraphFaultPlan implements GraphEmulatorFaults {
  private readonly failures: GraphInjectedFailure[] = [];
  /** Upload requests still to pass before the cut; undefined when no cut is planned. */
  private uploadCutIn: number | undefined;

  throttle(n: number, retryAfterSeconds: number): void {
    for (let i = 0; i < n; i++) this.failures.push({ status: 429, code: 'activityLimitReached', retryAfterSeconds });
  }

  unavailable(n: number, retryAfterSeconds?: number): void {
    for (let i = 0; i < n; i++) this.failures.push({ status: 503, code: 'serviceNotAvailable', retryAfterSeconds });
  }

  cutUpload(afterRequests = 0): void {
    this.uploadCutIn = afterRequests;
  }

  /** The next failure to answer, if any. */
  takeFailure(): GraphInjectedFailure | undefined {
    return this.failures.shift();
  }

  /** Whether to cut this upload request. */
  takeUploadCut(): boolean {
    if (this.uploadCutIn === undefined) return false;
    if (this.uploadCutIn > 0) {
      this.uploadCutIn--;
      return false;
    }
    this.uploadCutIn = undefined;
    return true;
  }
}
