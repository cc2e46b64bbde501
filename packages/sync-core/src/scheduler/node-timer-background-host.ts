import { systemTimerClock, type TimerClock } from '@fieldsync/model';
import type { BackgroundCompletion, BackgroundHost, BackgroundRegistration, BackgroundTask, BackgroundTaskRequest } from './background-host';

/** How {@link createNodeTimerBackgroundHost} runs tasks; read once. */
export interface NodeTimerBackgroundHostOptions {
  /** Timers; a `ManualClock` in tests. @default systemTimerClock */
  readonly clock?: TimerClock;
  /** Execution time granted to each run. @default 30000 */
  readonly budgetMs?: number;
  /** How long past its budget a run may take to settle before it counts as `failed` (iOS would end the app). @default 5000 */
  readonly graceMs?: number;
}

/** One run of a task as the host saw it. */
export interface BackgroundRun {
  readonly id: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly completion: BackgroundCompletion;
  /** The run did not settle within its budget and grace. */
  readonly overran: boolean;
}

/** A {@link BackgroundHost} over the clock's timers, with what it ran. */
export interface NodeTimerBackgroundHost extends BackgroundHost {
  /** Every finished run, oldest first. */
  readonly runs: readonly BackgroundRun[];
  /** Calls `listener` after each run; returns the function that stops it. */
  onRun(listener: (run: BackgroundRun) => void): () => void;
  /** Cancels every registration and waits for the running tasks to settle. */
  close(): Promise<void>;
}

/**
 * A {@link BackgroundHost} for Node (the CLI, a desktop app, tests): each registered task runs every
 * `minimumIntervalMs` after the previous run ended (the first after one interval, as iOS's
 * `earliestBeginDate`), with its signal aborted at the budget. A run never overlaps the previous one of
 * the same task; one that has not settled `graceMs` after its budget is recorded as `failed`. Throws
 * `RangeError` for a budget or grace that is not a duration (and `register` for an interval that is not).
 */
export function createNodeTimerBackgroundHost(options: NodeTimerBackgroundHostOptions = {}): NodeTimerBackgroundHost {
  const clock = options.clock ?? systemTimerClock;
  const budgetMs = options.budgetMs ?? 30_000;
  const graceMs = options.graceMs ?? 5_000;
  if (!(Number.isFinite(budgetMs) && budgetMs > 0))
    throw new RangeError(`createNodeTimerBackgroundHost: budgetMs must be a duration in ms above 0, got ${budgetMs}`);
  if (!(Number.isFinite(graceMs) && graceMs >= 0))
    throw new RangeError(`createNodeTimerBackgroundHost: graceMs must be a duration in ms of at least 0, got ${graceMs}`);
  const runs: BackgroundRun[] = [];
  const listeners = new Set<(run: BackgroundRun) => void>();
  const loops = new Set<{ readonly cancel: AbortController; readonly done: Promise<void> }>();

  const runOnce = async (request: BackgroundTaskRequest, task: BackgroundTask, cancelled: AbortSignal): Promise<void> => {
    const startedAt = clock.now();
    const controller = new AbortController();
    const stop = () => controller.abort();
    cancelled.addEventListener('abort', stop, { once: true });
    const timers = new AbortController();
    clock.sleep(budgetMs, timers.signal).then(stop, () => undefined);
    const settled = task({ signal: controller.signal, budgetMs }).catch((): BackgroundCompletion => 'failed');
    const overrun = clock.sleep(budgetMs + graceMs, timers.signal).then(
      () => 'overran' as const,
      () => 'cancelled' as const,
    );
    const first = await Promise.race([settled, overrun]);
    const overran = first === 'overran';
    const completion: BackgroundCompletion = overran || first === 'cancelled' ? 'failed' : first;
    const run: BackgroundRun = { id: request.id, startedAt, endedAt: clock.now(), completion, overran };
    runs.push(run);
    for (const listener of listeners) listener(run);
    // The next run waits for this one to settle, even when it overran.
    await settled;
    timers.abort();
    cancelled.removeEventListener('abort', stop);
  };

  return {
    get runs() {
      return runs;
    },
    onRun(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    register(request, task): BackgroundRegistration {
      if (!(request.minimumIntervalMs > 0)) throw new RangeError(`register ${request.id}: minimumIntervalMs must be > 0, got ${request.minimumIntervalMs}`);
      const cancel = new AbortController();
      const done = (async () => {
        for (;;) {
          try {
            await clock.sleep(request.minimumIntervalMs, cancel.signal);
          } catch {
            return;
          }
          await runOnce(request, task, cancel.signal);
        }
      })();
      const loop = { cancel, done };
      loops.add(loop);
      return {
        cancel() {
          cancel.abort();
          loops.delete(loop);
        },
      };
    },
    async close() {
      const all = [...loops];
      loops.clear();
      for (const loop of all) loop.cancel.abort();
      await Promise.all(all.map((loop) => loop.done));
    },
  };
}
