import type { Clock } from '@fieldsync/model';
import { DATAVERSE_ERROR_CODES, DataverseApiError } from './dataverse-api-error';

/**
 * Dataverse's service protection limit on the number of requests: per user, a sliding window of
 * `windowMs` allows `requestsPerWindow` requests; one more answers 429 `0x80072322` with `Retry-After`
 * (whole seconds until the oldest counted request leaves the window).
 */
export class ServiceProtection {
  private readonly requests = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly requestsPerWindow: number,
    private readonly windowMs: number,
  ) {}

  /** Counts a request of the user, or throws the 429 when the window is full (the refused request is not counted). */
  admit(userId: string): void {
    const now = this.clock.now();
    const times = (this.requests.get(userId) ?? []).filter((t) => t > now - this.windowMs);
    if (times.length >= this.requestsPerWindow) {
      this.requests.set(userId, times);
      const retryAfter = Math.max(1, Math.ceil((times[0] + this.windowMs - now) / 1000));
      throw new DataverseApiError(
        429,
        DATAVERSE_ERROR_CODES.serviceProtection,
        `Number of requests exceeded the limit of ${this.requestsPerWindow} over time window of ${Math.round(this.windowMs / 1000)} seconds.`,
        { 'Retry-After': String(retryAfter) },
      );
    }
    times.push(now);
    this.requests.set(userId, times);
  }
}
