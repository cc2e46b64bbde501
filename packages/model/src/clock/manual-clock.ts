import type { TimerClock } from './timer-clock';

/** How a {@link ManualClock} behaves. */
export interface ManualClockOptions {
  /**
   * When true, a sleep without an AbortSignal (a delay its caller sits through: a Retry-After, a
   * back-off) moves the clock forward at once and resolves, so code under test runs its retries
   * without anyone advancing the clock. A sleep with a signal (a timer racing something, or a
   * periodic job) still waits for `advance` or `set`. @default false
   */
  readonly spendDelaysAtOnce?: boolean;
}

interface Sleeper {
  readonly due: number;
  readonly resolve: () => void;
}

/**
 * A {@link TimerClock} that only moves when told: tests and the reference CRM use it to travel in
 * time (expire tokens, age tombstones, wait out a Retry-After) without waiting. A sleep resolves when `advance` or `set`
 * reaches its end; `sleeps` lists the waits asked for, so that a test asserts the waits, not the
 * time they took.
 * @example const clock = new ManualClock(Date.parse('2026-01-05T09:00:00Z')); clock.advance(3_600_000);
 */
export class ManualClock implements TimerClock {
  #now: number;
  #sleepers: Sleeper[] = [];
  readonly #sleeps: number[] = [];
  #onSleep: (() => void)[] = [];
  readonly #spendDelaysAtOnce: boolean;

  /** @param startMs the initial time, ms since the epoch. @default Date.now() */
  constructor(startMs: number = Date.now(), options: ManualClockOptions = {}) {
    this.#now = startMs;
    this.#spendDelaysAtOnce = options.spendDelaysAtOnce ?? false;
  }

  /** The clock's current time, ms since the epoch. */
  now(): number {
    return this.#now;
  }

  /** Moves the clock forward by `ms` (negative values are refused: time does not go back), waking the sleeps it ends. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ManualClock.advance: ms must be a finite number >= 0, got ${ms}`);
    this.#now += ms;
    this.#wake();
  }

  /** Sets the clock to `ms` since the epoch, waking the sleeps that end by then. */
  set(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`ManualClock.set: ms must be finite, got ${ms}`);
    this.#now = ms;
    this.#wake();
  }

  /** Waits until the clock has moved `ms` on (see {@link TimerClock.sleep}); the wait is listed in {@link sleeps}. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.#sleeps.push(ms);
    if (ms <= 0) return Promise.resolve();
    if (this.#spendDelaysAtOnce && signal === undefined) {
      this.advance(ms);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = {
        due: this.#now + ms,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#sleepers = this.#sleepers.filter((other) => other !== sleeper);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#sleepers.push(sleeper);
      const waiting = this.#onSleep;
      this.#onSleep = [];
      for (const notify of waiting) notify();
    });
  }

  /** Every wait asked of {@link sleep} so far, in ms, in order. */
  get sleeps(): readonly number[] {
    return [...this.#sleeps];
  }

  /** How many sleeps are waiting for the clock to move. */
  get pendingSleeps(): number {
    return this.#sleepers.length;
  }

  /** Resolves once at least one sleep is waiting (at once when one is), so that a test can then advance the clock. */
  whenSleeping(): Promise<void> {
    if (this.#sleepers.length > 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.#onSleep.push(resolve));
  }

  #wake(): void {
    const due = this.#sleepers.filter((sleeper) => sleeper.due <= this.#now);
    this.#sleepers = this.#sleepers.filter((sleeper) => sleeper.due > this.#now);
    for (const sleeper of due) sleeper.resolve();
  }
}
