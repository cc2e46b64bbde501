import { ManualClock } from '@fieldsync/model';

/**
 * The backend clock of a conformance harness: a `ManualClock` that also records every wait asked of
 * it, so that the suite checks a connector waits out exactly the Retry-After it was given, without
 * waiting on the wall clock. A harness gives it to its backend and to every connector it makes.
 * @example const clock = new ConformanceClock(Date.parse('2026-01-05T09:00:00Z')); createSalesforceConnector({ ..., clock });
 */
export class ConformanceClock extends ManualClock {
  #waits: number[] = [];

  /** Records the wait, then moves the clock forward by it at once. */
  override async sleep(ms: number): Promise<void> {
    this.#waits.push(ms);
    await super.sleep(ms);
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
