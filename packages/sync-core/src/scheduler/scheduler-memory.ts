/** A non-blocking run that started and did not complete (paused, or cut by the network). */
export interface UnfinishedRun {
  readonly runId: string;
  /** What started it: the day's first activity, or the user's refresh. */
  readonly reason: 'daily' | 'refresh';
  /** When the run first started (ms since the epoch). */
  readonly startedAt: number;
  /** The sync day it started in (`YYYY-MM-DD`): past the next 3 AM it is restarted, not resumed. */
  readonly day: string;
  /** When it was paused (the app went inactive); absent while not paused. */
  readonly pausedAt?: number;
  /** Engine syncs this run made so far (1 + resumes and retries). */
  readonly attempts: number;
}

/** What a {@link SyncScheduler} remembers across app launches. */
export interface SchedulerMemoryState {
  /** The sync day (`YYYY-MM-DD`) of the last completed daily sync (or the initial blocking sync). */
  readonly lastDailySyncDay?: string;
  /** When the last non-blocking or initial sync completed: the status's "current as of". */
  readonly currentAsOf?: number;
  /** The initial blocking sync completed on this device. */
  readonly initialSyncDone?: boolean;
  readonly unfinished?: UnfinishedRun;
}

/** Where a scheduler keeps its {@link SchedulerMemoryState}: in memory, the device database, app storage. */
export interface SchedulerMemory {
  load(): Promise<SchedulerMemoryState>;
  save(state: SchedulerMemoryState): Promise<void>;
}

/** A {@link SchedulerMemory} that lives as long as the object (the default; an app persists it across launches). */
export function createInMemorySchedulerMemory(initial: SchedulerMemoryState = {}): SchedulerMemory {
  let state = initial;
  return {
    load: async () => state,
    save: async (next) => {
      state = next;
    },
  };
}
