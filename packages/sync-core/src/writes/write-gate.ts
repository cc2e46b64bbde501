import { yieldToEventLoop } from '../scheduling/yield-to-event-loop';

/**
 * Lets the app's own writes cut in on a running download: a writer announces itself before it waits
 * for the database, and the download commits its open transaction at the next page when one waits.
 * Also keeps the longest wait a writer had, which the benchmarks report.
 */
export class WriteGate {
  private waitingWriters = 0;
  private longestWait = 0;

  /** True while at least one local write waits for the database. */
  get writerWaiting(): boolean {
    return this.waitingWriters > 0;
  }

  /** The longest time, in ms, a local write waited before it started, since the last reset. */
  get longestWaitMs(): number {
    return this.longestWait;
  }

  /** Forgets the longest wait measured so far. */
  resetLongestWait(): void {
    this.longestWait = 0;
  }

  /**
   * Resolves once no local write is waiting to start, letting waiting writers take the database first
   * (gives up after 100 turns of the event loop so a stream of writes cannot stall a sync).
   */
  async whenNoWriterWaiting(): Promise<void> {
    for (let turn = 0; turn < 100 && this.waitingWriters > 0; turn += 1) {
      await yieldToEventLoop();
    }
  }

  /**
   * Runs `start` (which must begin the write's transaction) as a waiting writer; `started` is called by
   * the write as soon as it holds the database, so the wait is measured up to that point.
   */
  async enter<T>(work: (started: () => void) => Promise<T>): Promise<T> {
    const since = performance.now();
    this.waitingWriters += 1;
    let left = false;
    const started = () => {
      if (left) return;
      left = true;
      this.waitingWriters -= 1;
      this.longestWait = Math.max(this.longestWait, performance.now() - since);
    };
    try {
      return await work(started);
    } finally {
      started();
    }
  }
}
