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

  /**
   * A percentile of the delays sampled until {@link stop} (e.g. 99: the delay that 1 % of the firings
   * exceeded), ms, the resolution taken off as for the largest. Tells the machine's load, which delays
   * every process now and then, from a task of ours that blocks often.
   */
  percentileMs(percentile: number): number {
    if (this.histogram.count === 0) return 0;
    return Math.max(0, this.histogram.percentile(percentile) / 1e6 - LOOP_DELAY_RESOLUTION_MS);
  }
}
