import type { Clock } from '../filter/evaluation-context';

/**
 * A {@link Clock} that only moves when told (or waited on): tests and the reference CRM use it to
 * travel in time (expire tokens, age tombstones, wait out a Retry-After) without waiting.
 * @example const clock = new ManualClock(Date.parse('2026-01-05T09:00:00Z')); clock.advance(3_600_000);
 */
export class ManualClock implements Clock {
  #now: number;

  /** @param startMs the initial time, ms since the epoch. @default Date.now() */
  constructor(startMs: number = Date.now()) {
    this.#now = startMs;
  }

  /** The clock's current time, ms since the epoch. */
  now(): number {
    return this.#now;
  }

  /** Moves the clock forward by `ms` (negative values are refused: time does not go back). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ManualClock.advance: ms must be a finite number >= 0, got ${ms}`);
    this.#now += ms;
  }

  /**
   * A wait on this clock: moves it forward by `ms` and resolves at once, so code that waits out a
   * Retry-After or a back-off runs without waiting in tests (negative or non-finite `ms` is refused).
   */
  async sleep(ms: number): Promise<void> {
    this.advance(ms);
  }

  /** Sets the clock to `ms` since the epoch. */
  set(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`ManualClock.set: ms must be finite, got ${ms}`);
    this.#now = ms;
  }
}
