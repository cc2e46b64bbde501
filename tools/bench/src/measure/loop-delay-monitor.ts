import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** Sampling interval of {@link LoopDelayMonitor}, ms. */
export const LOOP_DELAY_RESOLUTION_MS = 5;

/**
 * The largest event-loop delay while work runs: how late a timer firing every 5 ms came at worst.
 * Node's histogram records the whole interval between two firings, so the resolution is taken off;
 * a block of B ms shows as a delay between B − 5 and B.
 */
export class LoopDelayMonitor {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });

  /** Starts sampling (from a fresh histogram). */
  start(): this {
    this.histogram.reset();
    this.histogram.enable();
    return this;
  }

  /** Stops sampling and answers the largest delay in ms (0 when the timer never fired). */
  stop(): number {
    this.histogram.disable();
    if (this.histogram.count === 0) return 0;
    return Math.max(0, this.histogram.max / 1e6 - LOOP_DELAY_RESOLUTION_MS);
  }
}
