import type { BridgeStore, RetainedTable } from '@fieldsync/bridge-store';
import type { ApiLogger, BridgeSettings } from '@fieldsync/device-api';
import type { TimerClock } from '@fieldsync/model';

const DAY_MS = 86_400_000;

/** Options of {@link RetentionPurger}. */
export interface RetentionPurgerOptions {
  readonly state: BridgeStore;
  /** The settings now (the retention days are read at every purge). */
  readonly settings: () => Promise<BridgeSettings>;
  /** What the schedule and the ages run on. */
  readonly clock: TimerClock;
  /** Time between purges, ms. @default 3600000 (an hour) */
  readonly intervalMs?: number;
  /** Rows one delete statement removes at most. @default 1000 */
  readonly batchSize?: number;
  readonly log?: ApiLogger;
}

/** What one purge deleted, per table, and in how many statements. */
export interface RetentionPurgeResult {
  readonly deleted: Readonly<Record<RetainedTable, number>>;
  readonly statements: number;
}

/**
 * Deletes what the retention settings no longer keep: sign-in attempts, sync logs, sync tracking
 * and expired sessions. It runs every `intervalMs` on the clock (tests drive it with a
 * `ManualClock`), deletes in batches of `batchSize` rows, one short statement each, and lets the
 * event loop serve requests between statements, so that a large backlog never blocks the bridge.
 * The bridge starts it and stops it on close (decision 118).
 */
export class RetentionPurger {
  readonly #options: RetentionPurgerOptions;
  readonly #intervalMs: number;
  readonly #batchSize: number;
  readonly #stopping = new AbortController();
  #loop: Promise<void> | undefined;
  #waiting: ((result: RetentionPurgeResult) => void)[] = [];

  constructor(options: RetentionPurgerOptions) {
    this.#options = options;
    this.#intervalMs = options.intervalMs ?? 3_600_000;
    this.#batchSize = options.batchSize ?? 1_000;
    if (!(this.#intervalMs > 0)) throw new RangeError(`RetentionPurger: intervalMs must be > 0, got ${this.#intervalMs}`);
  }

  /** Starts the schedule: the first purge comes one interval from now. Starting twice does nothing. */
  start(): void {
    this.#loop ??= this.#run();
  }

  /** Stops the schedule and waits for a purge under way to finish its current statement. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#loop;
  }

  /** Resolves with the result of the next scheduled purge to finish. */
  whenPurged(): Promise<RetentionPurgeResult> {
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Purges every retained table now, batch by batch; answers what it deleted. */
  async purgeOnce(): Promise<RetentionPurgeResult> {
    const settings = await this.#options.settings();
    const now = this.#options.clock.now();
    const before = (days: number) => new Date(now - days * DAY_MS).toISOString();
    const cutoffs: [RetainedTable, string][] = [
      ['signInAttempts', before(settings.signInAttemptRetentionDays)],
      ['syncLogs', before(settings.syncLogRetentionDays)],
      ['syncs', before(settings.syncTrackingRetentionDays)],
      ['sessions', before(settings.expiredSessionRetentionDays)],
    ];
    const deleted: Record<RetainedTable, number> = { signInAttempts: 0, syncLogs: 0, syncs: 0, sessions: 0 };
    let statements = 0;
    for (const [table, cutoff] of cutoffs) {
      for (;;) {
        if (this.#stopping.signal.aborted) return { deleted, statements };
        const count = await this.#options.state.retention.purge(table, cutoff, this.#batchSize);
        statements += 1;
        deleted[table] += count;
        if (count < this.#batchSize) break;
        // Let waiting requests run between two batches.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    return { deleted, statements };
  }

  async #run(): Promise<void> {
    const { clock, log } = this.#options;
    for (;;) {
      try {
        await clock.sleep(this.#intervalMs, this.#stopping.signal);
      } catch {
        return; // stopped
      }
      let result: RetentionPurgeResult;
      try {
        result = await this.purgeOnce();
      } catch (error) {
        // A failed purge (the database briefly away) is retried at the next interval.
        log?.error({ event: 'retention.failed', err: { message: (error as Error).message } }, 'retention purge failed');
        continue;
      }
      if (Object.values(result.deleted).some((count) => count > 0))
        log?.info({ event: 'retention.purged', ...result.deleted, statements: result.statements }, 'retention purge done');
      const waiting = this.#waiting;
      this.#waiting = [];
      for (const resolve of waiting) resolve(result);
    }
  }
}
