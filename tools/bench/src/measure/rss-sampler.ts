/** Tracks the largest resident set size seen while work runs: sampled on a timer and by explicit calls. */
export class RssSampler {
  private peak = 0;
  private timer: NodeJS.Timeout | undefined;

  /** Starts sampling every `intervalMs` (the timer only fires while the event loop is free). */
  start(intervalMs = 10): this {
    this.peak = process.memoryUsage.rss();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    return this;
  }

  /** Takes one sample now (call it inside synchronous loops, which starve the timer). */
  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
  }

  /** Stops sampling and answers the peak in megabytes. */
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return this.peak / (1024 * 1024);
  }
}
