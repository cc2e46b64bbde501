import { ManualClock } from '@fieldsync/model';

/**
 * The backend clock of a conformance harness: a `ManualClock` that also records every wait asked of
 * it, so that the suite checks a connector waits out exactly the Retry-After it was given, without
 * waiting on the wall clock. A harness gives it to its backend and to every connector it makes.
 * @example const clock = new ConformanceClock(Date.parse('2026-01-05T09:00:00Z')); createSalesforceConnector({ ..., clock });
 */
export class ConformanceClock extends ManualClock {
  #waits: number[] = [];

  /** @param startMs the initial time, ms since the epoch. */
  constructor(startMs: number) {
    super(startMs, { spendDelaysAtOnce: true });
  }

  /**
   * A delay (no signal: a Retry-After, a back-off) is recorded and spent at once; a timer (with a
   * signal: a request timeout, a periodic job) waits for the clock to be moved on, as on any `ManualClock`.
   */
  override sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal === undefined) this.#waits.push(ms);
    return super.sleep(ms, signal);
  }

  /** The waits (ms) asked of this clock since the last {@link resetWaits}, oldest first. */
  waits(): number[] {
    return [...this.#waits];
  }

  /** Forgets the recorded waits. */
  resetWaits(): void {
    this.#waits = [];
  }
}
