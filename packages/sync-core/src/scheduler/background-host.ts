/**
 * How a background task ended, as the host is told: iOS `UIBackgroundFetchResult` /
 * `BGTask.setTaskCompleted(success:)`, Android WorkManager `Result`, Volt MX `BACKGROUND_TASK_STATUS_*`.
 * - `new-data`: the task made progress (something uploaded or downloaded);
 * - `no-data`: nothing to do, or nothing done;
 * - `failed`: it failed; the host runs it again later by its own rules.
 */
export type BackgroundCompletion = 'new-data' | 'no-data' | 'failed';

/** What the host gives one run of a background task. */
export interface BackgroundTaskContext {
  /** Aborts when the host takes the time back (iOS `expirationHandler`, WorkManager `onStopped`, or the budget's end). */
  readonly signal: AbortSignal;
  /** The execution time the host grants this run, in ms (about 30 s on iOS). */
  readonly budgetMs: number;
}

/** A background task: does one budget-sized slice of work and says how it ended. Never throws (a throw counts as `failed`). */
export type BackgroundTask = (context: BackgroundTaskContext) => Promise<BackgroundCompletion>;

/** How a task asks to be run (BGAppRefreshTaskRequest, PeriodicWorkRequest). */
export interface BackgroundTaskRequest {
  /** The task's identifier (BGTaskScheduler's identifier, WorkManager's unique work name). */
  readonly id: string;
  /** Runs no more often than this (iOS `earliestBeginDate`, WorkManager's repeat interval, at least 15 min there). */
  readonly minimumIntervalMs: number;
}

/** A registered task: `cancel` stops its future runs (a running one gets its signal aborted). */
export interface BackgroundRegistration {
  cancel(): void;
}

/**
 * The platform's background scheduler, the shape of iOS BGTaskScheduler and Android WorkManager: it
 * runs a registered task now and then, no more often than its minimum interval, within a budget, and
 * takes its completion. An app wires the platform's scheduler to it; {@link createNodeTimerBackgroundHost}
 * is one over timers.
 */
export interface BackgroundHost {
  /** Registers `task` to run periodically as `request` asks. */
  register(request: BackgroundTaskRequest, task: BackgroundTask): BackgroundRegistration;
}
