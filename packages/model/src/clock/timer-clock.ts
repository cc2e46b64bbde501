import type { Clock } from '../filter/evaluation-context';

/**
 * A {@link Clock} that can also wait. Every timed wait (a Retry-After, a request timeout, a periodic
 * job) goes through one, so that tests drive time with a {@link ManualClock} instead of sleeping.
 */
export interface TimerClock extends Clock {
  /**
   * Resolves once `ms` of this clock's time has passed (at once for `ms <= 0`). Rejects with the
   * signal's reason when `signal` aborts first, and leaves nothing scheduled.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The machine's clock and timers; a sleep lasts at least `ms` of wall-clock time (timers may fire a millisecond early). */
export const systemTimerClock: TimerClock = {
  now: () => Date.now(),
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const until = Date.now() + ms;
    for (let left = ms; left > 0; left = until - Date.now()) await wallSleep(left, signal);
    signal?.throwIfAborted();
  },
};

function wallSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
