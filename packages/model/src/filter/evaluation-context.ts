import { systemTimerClock } from '../clock/timer-clock';
import type { CrmRecord } from '../record/crm-record';

/** A source of the current time; tests and the embedded CRM pass a controllable one. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Waits `ms` on this clock (a Retry-After, a back-off, a timer): the system clock waits for real, a
   * `ManualClock` until it is moved on. Absent: waiters wait on the wall clock ({@link waitOnClock}).
   */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The clock of the machine: its `sleep` waits for real (the same as {@link systemTimerClock}). */
export const systemClock: Clock = systemTimerClock;

/**
 * Waits `ms` on `clock`: through its `sleep` when it has one, else at least `ms` of wall-clock time.
 * What connectors wait out a Retry-After with, so that a test's clock decides how long it lasts.
 * Rejects with the signal's reason when `signal` aborts first. Pass a signal only when the wait may
 * really be cut short: a `ManualClock` with `spendDelaysAtOnce` spends only waits without one at once.
 * @example await waitOnClock(this.#clock, error.retryAfterMs);
 */
export function waitOnClock(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return clock.sleep ? clock.sleep(ms, signal) : systemTimerClock.sleep(ms, signal);
}

/** What evaluating or compiling a filter needs besides the filter: who asks, and when. */
export interface FilterContext {
  readonly clock: Clock;
  /** Id of the current user (`eq-userid`). */
  readonly userId: string;
  /** Id of the current user's business unit (`eq-businessid`). */
  readonly businessUnitId: string;
}

/** Finds a parent record for a link condition in the JS evaluator; undefined when not present. */
export type ParentResolver = (entity: string, id: string) => CrmRecord | undefined;
