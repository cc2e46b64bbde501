import { FieldsyncError, systemTimerClock, type TimerClock } from '@fieldsync/model';
import type { SyncOptions } from '../engine/sync-engine-options';
import type { SyncProgress } from '../engine/sync-reporter';
import type { SyncResult } from '../engine/sync-result';
import { SyncInProgressError } from '../errors/sync-core-errors';
import { randomUUID } from '../ids/random-uuid';
import { checkSchedulerOptions } from './check-scheduler-options';
import { isConnectionFailure } from './connection-failure';
import type { ScheduledSyncTarget } from './scheduled-sync-target';
import type { SchedulerHost, SchedulerHostEvent } from './scheduler-host';
import { createInMemorySchedulerMemory, type SchedulerMemory, type SchedulerMemoryState, type UnfinishedRun } from './scheduler-memory';
import type { ScheduledSyncReason, SchedulerGuardReason, SchedulerStatus } from './scheduler-status';
import { syncDayOf } from './sync-day';
import { SYNC_SCHEDULER_DEFAULTS, type RefreshWhileRunning, type SyncSchedulerOptions } from './sync-scheduler-options';

/** What {@link SyncScheduler.on} delivers: each new status, and each sync's result. */
export interface SyncSchedulerEvents {
  status: SchedulerStatus;
  sync: { readonly reason: ScheduledSyncReason; readonly result: SyncResult };
}

/** What {@link SyncScheduler.refresh} did: started (or queued behind autosync), kept the running sync, or restarted it. */
export type RefreshOutcome = 'started' | 'queued' | 'kept' | 'restarted';

/** Why the scheduler cancelled the sync it runs. */
type StopReason = 'pause' | 'restart' | 'stall' | 'stop';

interface RunningSync {
  readonly reason: ScheduledSyncReason;
  readonly controller: AbortController;
  readonly watchdog: AbortController;
  readonly runId?: string;
  stopReason?: StopReason;
  lastProgressAt: number;
  done?: Promise<SyncResult | undefined>;
}

type Guard = { readonly guard: SchedulerGuardReason; readonly detail: string };

type Settings = Required<Omit<SyncSchedulerOptions, 'target' | 'host' | 'clock' | 'memory' | 'syncOptions'>>;

/**
 * Runs an engine's syncs by seed 000's rules (Veeva's non-blocking sync), so that an app only starts
 * it and renders {@link status}:
 * - the device's Refresh Mode, read at each attempt, says how the day's syncs and refreshes run:
 *   `non-blocking` stages them (they end in updates-available, applied by `applyUpdate`), `blocking`
 *   applies them directly;
 * - the day's first non-blocking sync runs at the first app activity after 3 AM local time (the
 *   host's time zone, right across DST), only while the app is active and online; the engine uploads
 *   before it downloads;
 * - autosync sends local changes shortly after they are made ({@link notifyLocalChange}, debounced);
 * - the sync pauses (is cancelled, keeping what it received) when the app goes inactive, resumes at
 *   the next activity within 12 h, and is restarted after 12 h or once past 3 AM;
 * - offline before a start, it tries again every 30 s; once a sync lost its connection, every 10 s,
 *   and the engine goes on from its anchors and change queue;
 * - a manual {@link refresh} while a sync runs keeps it or restarts it, as the app chooses;
 * - low disk space and API usage at or over 90 % hold non-blocking syncs back, as a `guarded` status;
 * - a new user runs the initial blocking sync first ({@link runInitialSync}); the first non-blocking
 *   sync runs the next day;
 * - a stall watchdog cancels and retries a sync whose progress stands still for `stallTimeoutMs`.
 * @example
 * const scheduler = new SyncScheduler({ target: engine, host });
 * scheduler.on('status', (status) => render(status));
 * await scheduler.start();
 */
export class SyncScheduler {
  readonly #target: ScheduledSyncTarget;
  readonly #host: SchedulerHost;
  readonly #clock: TimerClock;
  readonly #memory: SchedulerMemory;
  readonly #syncOptions: Omit<SyncOptions, 'signal' | 'onProgress' | 'uploadOnly'>;
  readonly #settings: Settings;
  readonly #listeners: { [K in keyof SyncSchedulerEvents]: Set<(value: SyncSchedulerEvents[K]) => void> } = { status: new Set(), sync: new Set() };
  #state: SchedulerMemoryState = {};
  #status: SchedulerStatus;
  #started = false;
  #stopped = false;
  #unsubscribe?: () => void;
  #running?: RunningSync;
  #wake?: AbortController;
  #autosyncTimer?: AbortController;
  /** No automatic attempt before `at` (a retry's wait), and what waits. */
  #retry?: { readonly at: number; readonly reason: ScheduledSyncReason };
  #refreshWanted = false;
  #uploadWanted = false;
  /** A sync failed for a reason other than the network: nothing starts by itself before the next activity. */
  #waitForActivity = false;
  #lastError?: SchedulerStatus['lastError'];
  #deciding: Promise<void> = Promise.resolve();

  /** Reads the options; nothing runs before {@link start}. Throws `InvalidEngineOptionsError` naming an option that does not fit. */
  constructor(options: SyncSchedulerOptions) {
    checkSchedulerOptions(options);
    this.#target = options.target;
    this.#host = options.host;
    this.#clock = options.clock ?? systemTimerClock;
    this.#memory = options.memory ?? createInMemorySchedulerMemory();
    this.#syncOptions = options.syncOptions ?? { staged: true, background: true };
    const pick = <K extends keyof Settings>(key: K): Settings[K] => (options[key] ?? SYNC_SCHEDULER_DEFAULTS[key]) as Settings[K];
    this.#settings = Object.freeze({
      dayStartHour: pick('dayStartHour'),
      resumeWithinMs: pick('resumeWithinMs'),
      offlineRetryMs: pick('offlineRetryMs'),
      connectionLostRetryMs: pick('connectionLostRetryMs'),
      autosyncDelayMs: pick('autosyncDelayMs'),
      minFreeDiskBytes: pick('minFreeDiskBytes'),
      maxApiUsage: pick('maxApiUsage'),
      stallTimeoutMs: pick('stallTimeoutMs'),
      guardRecheckMs: pick('guardRecheckMs'),
      refreshWhileRunning: pick('refreshWhileRunning'),
    });
    this.#status = { state: 'idle', since: this.#clock.now() };
  }

  /** The current status (see {@link SchedulerStatus}). */
  get status(): SchedulerStatus {
    return this.#status;
  }

  /** Calls `listener` with each `status` change or each `sync` result; returns the function that stops it. */
  on<K extends keyof SyncSchedulerEvents>(event: K, listener: (value: SyncSchedulerEvents[K]) => void): () => void {
    const listeners = this.#listeners[event] as Set<(value: SyncSchedulerEvents[K]) => void>;
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }

  /** Loads the scheduler's memory, listens to the host and decides at once (a first activity may start the day's sync). */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#state = await this.#memory.load();
    this.#started = true;
    this.#unsubscribe = this.#host.subscribe((event) => this.#onHostEvent(event));
    this.#schedule();
    await this.#deciding;
  }

  /**
   * Stops the scheduler: timers end, and a running non-blocking sync is cancelled and kept as paused
   * (the next scheduler over the same memory resumes it within 12 h). Resolves once the sync stopped.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#wake?.abort();
    this.#autosyncTimer?.abort();
    const running = this.#running;
    if (running) {
      running.stopReason = 'stop';
      running.controller.abort();
      await running.done;
    }
    await this.#deciding;
    // A run waiting for the network or a guard is kept as paused too.
    if (!this.#running && this.#state.unfinished && this.#status.state !== 'paused') await this.#pauseUnfinished();
  }

  /**
   * The user's refresh (a manual non-blocking sync). While a non-blocking sync runs: `keep-running`
   * leaves it (the refresh is cancelled), `restart` cancels it and starts a new one. Otherwise it starts
   * (or resumes a paused run) now, without waiting for a retry's timer, still subject to the network and
   * the guards. Behind an autosync or the initial sync it is queued.
   */
  refresh(options: { readonly ifRunning?: RefreshWhileRunning } = {}): RefreshOutcome {
    const running = this.#running;
    if (running && (running.reason === 'autosync' || running.reason === 'initial')) {
      this.#refreshWanted = true;
      return 'queued';
    }
    if (running) {
      if ((options.ifRunning ?? this.#settings.refreshWhileRunning) === 'keep-running') return 'kept';
      running.stopReason = 'restart';
      running.controller.abort();
      return 'restarted';
    }
    this.#refreshWanted = true;
    this.#waitForActivity = false;
    this.#retry = undefined;
    this.#schedule();
    return 'started';
  }

  /** Tells the scheduler that the app changed a record: autosync sends it `autosyncDelayMs` after the last such call. */
  notifyLocalChange(): void {
    if (this.#settings.autosyncDelayMs <= 0 || this.#stopped) return;
    this.#autosyncTimer?.abort();
    const timer = new AbortController();
    this.#autosyncTimer = timer;
    this.#clock.sleep(this.#settings.autosyncDelayMs, timer.signal).then(
      () => {
        if (this.#autosyncTimer === timer) this.#autosyncTimer = undefined;
        this.#uploadWanted = true;
        this.#schedule();
      },
      () => undefined,
    );
  }

  /**
   * Runs the initial blocking sync of a new user (a foreground sync, not staged) and resolves with its
   * result. Once it completed, non-blocking syncs are enabled, the first on the next sync day. Throws
   * {@link SyncInProgressError} while the scheduler runs a sync.
   */
  async runInitialSync(): Promise<SyncResult> {
    if (this.#running) throw new SyncInProgressError();
    const result = await this.#runSync('initial');
    if (!result) throw new SyncInProgressError();
    return result;
  }

  /** Waits for the decisions queued so far (tests and the CLI use it to let the scheduler settle). */
  async settled(): Promise<void> {
    await this.#deciding;
  }

  #onHostEvent(event: SchedulerHostEvent): void {
    if (this.#stopped) return;
    if (event === 'activity') {
      this.#waitForActivity = false;
      this.#schedule();
      return;
    }
    // Inactive: the running sync pauses; waiting timers stop until the app is used again.
    this.#wake?.abort();
    this.#autosyncTimer?.abort();
    if (this.#autosyncTimer) this.#uploadWanted = true;
    this.#autosyncTimer = undefined;
    const running = this.#running;
    if (running) {
      running.stopReason = 'pause';
      running.controller.abort();
      return;
    }
    this.#deciding = this.#deciding.then(() => this.#pauseUnfinished()).catch((error: unknown) => this.#failed(error));
  }

  #schedule(): void {
    this.#deciding = this.#deciding.then(() => this.#decide()).catch((error: unknown) => this.#failed(error));
  }

  /** Decides what to do now; starts a sync without waiting for it. */
  async #decide(): Promise<void> {
    if (!this.#started || this.#stopped || this.#running) return;
    this.#wake?.abort();
    this.#wake = undefined;
    if (!this.#host.isActive()) return this.#pauseUnfinished();
    if (!this.#state.initialSyncDone && !(await this.#initialSyncDoneBefore())) {
      this.#setStatus({ state: 'guarded', guard: 'initial-sync-required', detail: 'a new user finishes the initial blocking sync first (runInitialSync)' });
      return;
    }
    if (this.#running) return;
    const now = this.#clock.now();
    const retry = this.#retry;
    if (retry && now < retry.at) {
      this.#setStatus({ state: 'offline-waiting', nextRetryAt: retry.at, reason: retry.reason });
      return this.#wakeAt(retry.at);
    }
    this.#retry = undefined;
    const today = syncDayOf(now, this.#host.timeZone(), this.#settings.dayStartHour);
    let run = this.#state.unfinished;
    if (run && (run.day !== today || (run.pausedAt !== undefined && now - run.pausedAt >= this.#settings.resumeWithinMs))) {
      // Paused 12 h or more, or past 3 AM: cancel and restart (a new run of the same kind).
      run = this.#newRun(run.reason, now, today);
    } else if (run?.pausedAt !== undefined) {
      // The app is in use again: the pause ended (a later pause counts its 12 h from then).
      const { pausedAt: _pausedAt, ...resumed } = run;
      run = resumed;
    }
    let reason: ScheduledSyncReason;
    if (run) reason = run.reason;
    else if (this.#refreshWanted) reason = 'refresh';
    else if (this.#waitForActivity) return this.#setStatus({ state: 'idle' });
    else if (this.#state.lastDailySyncDay !== today) reason = 'daily';
    else if (this.#uploadWanted) reason = 'autosync';
    else return this.#setStatus({ state: 'idle' });
    if (!run && reason !== 'autosync') run = this.#newRun(reason as UnfinishedRun['reason'], now, today);

    if (!this.#host.isOnline()) return this.#offline(run, reason);
    if (run) {
      const guard = await this.#checkGuards();
      if (this.#running || this.#stopped) return;
      if (guard === 'offline') return this.#offline(run, reason);
      if (guard) {
        this.#setStatus({ state: 'guarded', ...guard });
        this.#wakeAt(this.#clock.now() + this.#settings.guardRecheckMs);
        return;
      }
    }
    this.#refreshWanted = false;
    if (run) await this.#remember({ ...this.#state, unfinished: run });
    if (this.#running || this.#stopped || !this.#host.isActive()) return this.#decideLater();
    void this.#runSync(reason, run);
  }

  #decideLater(): void {
    if (!this.#stopped && !this.#running) this.#schedule();
  }

  /** No connection: wait 30 s before a run's first attempt, 10 s once it made one. */
  async #offline(run: UnfinishedRun | undefined, reason: ScheduledSyncReason): Promise<void> {
    this.#refreshWanted = false;
    if (run && run !== this.#state.unfinished) await this.#remember({ ...this.#state, unfinished: run });
    const startedBefore = run ? run.attempts > 0 : false;
    const wait = startedBefore ? this.#settings.connectionLostRetryMs : this.#settings.offlineRetryMs;
    this.#retryIn(wait, reason);
  }

  #retryIn(wait: number, reason: ScheduledSyncReason): void {
    const nextRetryAt = this.#clock.now() + wait;
    this.#retry = { at: nextRetryAt, reason };
    this.#setStatus({ state: 'offline-waiting', nextRetryAt, reason });
    this.#wakeAt(nextRetryAt);
  }

  #wakeAt(at: number): void {
    this.#wake?.abort();
    const wake = new AbortController();
    this.#wake = wake;
    this.#clock.sleep(Math.max(0, at - this.#clock.now()), wake.signal).then(
      () => {
        if (this.#wake === wake) this.#wake = undefined;
        this.#schedule();
      },
      () => undefined,
    );
  }

  async #pauseUnfinished(): Promise<void> {
    const run = this.#state.unfinished;
    if (!run) return this.#setStatus({ state: 'idle' });
    const paused = run.pausedAt === undefined ? { ...run, pausedAt: this.#clock.now() } : run;
    if (paused !== run) await this.#remember({ ...this.#state, unfinished: paused });
    this.#setStatus({ state: 'paused', pausedAt: paused.pausedAt as number, runId: paused.runId });
  }

  /** A device that completed a sync before the scheduler knew it (an existing install) counts as initialised. */
  async #initialSyncDoneBefore(): Promise<boolean> {
    const status = await this.#target.status();
    const done = status.initialized && (status.lastSync?.result === 'ok' || status.lastSync?.result === 'warnings');
    if (done) await this.#remember({ ...this.#state, initialSyncDone: true });
    return done;
  }

  async #checkGuards(): Promise<Guard | 'offline' | undefined> {
    const free = await this.#host.freeDiskBytes();
    const min = this.#settings.minFreeDiskBytes;
    if (free !== undefined && free < min) return { guard: 'low-disk-space', detail: `${free} bytes free; non-blocking sync needs ${min}` };
    try {
      const usage = await this.#target.apiUsage();
      if (usage.limit > 0 && usage.used / usage.limit >= this.#settings.maxApiUsage) {
        return { guard: 'api-usage', detail: `${usage.used} of ${usage.limit} API calls used (at or over ${Math.round(this.#settings.maxApiUsage * 100)} %)` };
      }
    } catch (error) {
      if (isConnectionFailure(codeOf(error))) return 'offline';
      // The usage could not be read for another reason: no guard, the sync itself will tell.
    }
    return undefined;
  }

  #newRun(reason: UnfinishedRun['reason'], now: number, day: string): UnfinishedRun {
    return { runId: randomUUID(), reason, startedAt: now, day, attempts: 0 };
  }

  /** Runs one engine sync for `reason` and settles what it means; resolves with the result (undefined when it threw). */
  async #runSync(reason: ScheduledSyncReason, run?: UnfinishedRun): Promise<SyncResult | undefined> {
    const now = this.#clock.now();
    const running: RunningSync = {
      reason,
      controller: new AbortController(),
      watchdog: new AbortController(),
      ...(run ? { runId: run.runId } : {}),
      lastProgressAt: now,
    };
    this.#running = running;
    this.#uploadWanted = false;
    const work = (async () => {
      if (run) {
        const { pausedAt: _pausedAt, ...resumed } = run;
        await this.#remember({ ...this.#state, unfinished: { ...resumed, attempts: run.attempts + 1 } });
      }
      this.#setStatus({ state: 'syncing', reason, step: 'starting', ...(run ? { runId: run.runId } : {}) });
      this.#watch(running);
      let result: SyncResult | undefined;
      let thrown: unknown;
      try {
        result = await this.#target.sync({
          ...(await this.#optionsFor(reason)),
          signal: running.controller.signal,
          onProgress: (progress) => this.#onProgress(running, progress),
        });
      } catch (error) {
        thrown = error;
      }
      running.watchdog.abort();
      this.#running = undefined;
      await this.#settle(running, result, thrown).catch((error: unknown) => this.#failed(error));
      if (result) for (const listener of this.#listeners.sync) safely(() => listener({ reason, result }));
      return result;
    })();
    running.done = work;
    return work;
  }

  /**
   * The engine's options for a sync of `reason`. The day's syncs, resumed runs and refreshes follow the
   * device's Refresh Mode, read at each attempt (decision 183): non-blocking stages them (`syncOptions`),
   * blocking applies them directly, as a manual sync does (no `staged`, no `background`).
   */
  async #optionsFor(reason: ScheduledSyncReason): Promise<Omit<SyncOptions, 'signal' | 'onProgress'>> {
    if (reason === 'autosync') return { uploadOnly: true, background: true };
    if (reason === 'initial') return {};
    const { mode } = await this.#target.refreshMode();
    if (mode === 'non-blocking') return this.#syncOptions;
    const { staged: _staged, background: _background, ...blocking } = this.#syncOptions;
    return blocking;
  }

  #onProgress(running: RunningSync, progress: SyncProgress): void {
    running.lastProgressAt = this.#clock.now();
    if (this.#running !== running) return;
    this.#setStatus({ state: 'syncing', reason: running.reason, step: progress.step, progress, ...(running.runId ? { runId: running.runId } : {}) });
  }

  /** The stall watchdog: cancels the sync once its progress stood still for `stallTimeoutMs`. */
  #watch(running: RunningSync): void {
    const limit = this.#settings.stallTimeoutMs;
    void (async () => {
      for (;;) {
        const wait = running.lastProgressAt + limit - this.#clock.now();
        if (wait <= 0) {
          running.stopReason ??= 'stall';
          running.controller.abort();
          return;
        }
        try {
          await this.#clock.sleep(wait, running.watchdog.signal);
        } catch {
          return;
        }
      }
    })();
  }

  async #settle(running: RunningSync, result: SyncResult | undefined, thrown: unknown): Promise<void> {
    const now = this.#clock.now();
    const { reason } = running;
    if (result?.wiped) {
      this.#stopped = true;
      this.#unsubscribe?.();
      this.#lastError = { code: 'DEVICE_WIPED', message: result.error?.message ?? 'the device was wiped', at: now };
      await this.#remember({});
      return this.#setStatus({ state: 'idle' });
    }
    if (result && result.result !== 'failed') {
      this.#lastError = undefined;
      if (reason !== 'autosync') {
        const day = syncDayOf(now, this.#host.timeZone(), this.#settings.dayStartHour);
        const { unfinished: _done, ...rest } = this.#state;
        await this.#remember({ ...rest, lastDailySyncDay: day, currentAsOf: now, ...(reason === 'initial' ? { initialSyncDone: true } : {}) });
      }
      this.#setStatus({ state: 'idle' });
      return this.#decideLater();
    }
    if (reason === 'autosync') this.#uploadWanted = true;
    switch (running.stopReason) {
      case 'pause':
      case 'stop':
        if (reason === 'autosync' || reason === 'initial') return this.#setStatus({ state: 'idle' });
        return this.#pauseUnfinished();
      case 'restart': {
        const day = syncDayOf(now, this.#host.timeZone(), this.#settings.dayStartHour);
        await this.#remember({ ...this.#state, unfinished: this.#newRun('refresh', now, day) });
        return this.#decideLater();
      }
      case 'stall':
        // The step made no progress: cancelled; retried now, going on from the anchors and the queue.
        return this.#decideLater();
      default:
        break;
    }
    const code = result?.error?.code ?? codeOf(thrown);
    if (reason !== 'initial' && (isConnectionFailure(code) || !this.#host.isOnline())) {
      return this.#retryIn(this.#settings.connectionLostRetryMs, reason);
    }
    const message = result?.error?.message ?? (thrown instanceof Error ? thrown.message : String(thrown));
    this.#lastError = { code: code ?? 'UNEXPECTED', message, at: now };
    if (reason !== 'autosync' && reason !== 'initial') {
      const { unfinished: _failed, ...rest } = this.#state;
      await this.#remember(rest);
    }
    this.#waitForActivity = true;
    this.#setStatus({ state: 'idle' });
    return this.#decideLater();
  }

  async #remember(state: SchedulerMemoryState): Promise<void> {
    this.#state = state;
    await this.#memory.save(state);
  }

  #failed(error: unknown): void {
    this.#lastError = { code: codeOf(error) ?? 'UNEXPECTED', message: error instanceof Error ? error.message : String(error), at: this.#clock.now() };
    this.#setStatus({ state: 'idle' });
  }

  #setStatus(status: DistributiveOmit<SchedulerStatus, 'since' | 'currentAsOf' | 'lastError'>): void {
    const next = {
      ...status,
      since: this.#clock.now(),
      ...(this.#state.currentAsOf !== undefined ? { currentAsOf: this.#state.currentAsOf } : {}),
      ...(this.#lastError ? { lastError: this.#lastError } : {}),
    } as SchedulerStatus;
    // The same state again (a decision that changed nothing) is not news: no event, and `since` stays.
    if (sameStatus(next, this.#status)) return;
    this.#status = next;
    safely(() => this.#target.noteSchedulerStatus?.(next));
    for (const listener of this.#listeners.status) safely(() => listener(next));
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function sameStatus(a: SchedulerStatus, b: SchedulerStatus): boolean {
  const { since: _a, ...restA } = a;
  const { since: _b, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
}

function codeOf(error: unknown): string | undefined {
  if (FieldsyncError.is(error)) return error.code;
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A listener's error never stops the scheduler. */
function safely(call: () => void): void {
  try {
    call();
  } catch {
    // ignored: the app's listener failed, the scheduler goes on
  }
}
