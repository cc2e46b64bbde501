import type { CrmConnector, DeviceChannel } from '@fieldsync/connector-api';
import type { Clock } from '@fieldsync/model';
import { countCalls } from '../engine/counting-connector';
import type { SyncConnectionOptions, SyncOptions } from '../engine/sync-engine-options';
import type { SyncPointHook } from '../engine/sync-point';
import type { SyncReporter, SyncStep, SyncWarning } from '../engine/sync-reporter';
import type { StepFigures, SyncKind } from '../engine/sync-result';
import { throwIfCancelled } from '../errors/sync-core-errors';
import type { LocalDatabase } from '../local-database/local-database';
import type { LocalDb } from '../local-store/local-db';
import { SYSTEM_TABLES } from '../local-store/system-tables';

/** The app version assumed when the app does not give one. */
export const DEFAULT_APP_VERSION = '1.0.0';

/** A step of the sync log being timed: {@link StepTimer.end} writes its figures. */
export interface StepTimer {
  /** Ends the step: its time, `records` and the backend calls made since it began go to the sync log. */
  end(records: number): void;
}

/**
 * What stays fixed while one sync runs, and its journal: the local database, the counted backend,
 * the channel, the options, and the append-only record of the run (log lines, warnings, step figures)
 * that the report phase turns into the result. The decisions the phases take travel in `SyncRunState`.
 */
export interface SyncRunContext {
  readonly local: LocalDatabase;
  readonly db: LocalDb;
  /** The backend, every call counted for the sync log's `serverCalls`. */
  readonly connector: CrmConnector;
  readonly channel?: DeviceChannel;
  readonly connection: SyncConnectionOptions;
  readonly options: SyncOptions;
  /** A background sync (`SyncOptions.background`). */
  readonly background: boolean;
  readonly appVersion: string;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  readonly onSyncPoint?: SyncPointHook;
  /** The device's id of this sync (a UUID). */
  readonly syncId: string;
  /** When the sync started (ISO time of the clock). */
  readonly startedAt: string;
  /** `performance.now()` at the start, for the duration. */
  readonly started: number;
  /** The sync log row of this sync; absent when it could not be written. */
  readonly logRowId?: number;
  readonly reporter: SyncReporter;
  /** The sync log lines so far. */
  readonly log: readonly string[];
  readonly warnings: readonly SyncWarning[];
  readonly steps: readonly StepFigures[];
  /** The clock's time, as ISO text. */
  now(): string;
  /**
   * Begins a step of the sync log: stops with `SYNC_CANCELLED` when the signal fired, tells the test
   * hook (`step` sync point) and reports the step's progress at 0.
   */
  beginStep(step: SyncStep): Promise<StepTimer>;
  /** Runs `work` as one step of the sync log ({@link beginStep}, then its figures with `records(value)`). */
  measure<T>(step: SyncStep, work: () => Promise<T>, records: (value: T) => number): Promise<T>;
}

/** What {@link createSyncRunContext} needs. */
export interface SyncRunContextInput {
  readonly local: LocalDatabase;
  readonly connection: SyncConnectionOptions;
  readonly options: SyncOptions;
  readonly syncId: string;
  readonly kind: SyncKind;
}

/**
 * Sets a sync up: counts the connector's calls, wires the reporter to the journal and the app's
 * callbacks, and writes the sync's `running` row to the sync log (a failure to write it is not the
 * sync's failure: the sync then has no log row).
 */
export async function createSyncRunContext(input: SyncRunContextInput): Promise<SyncRunContext> {
  const { local, connection, options } = input;
  const clock = local.clock;
  const now = () => new Date(clock.now()).toISOString();
  const started = performance.now();
  const startedAt = now();
  const log: string[] = [];
  const warnings: SyncWarning[] = [];
  const steps: StepFigures[] = [];
  const reporter: SyncReporter = {
    progress: (progress) => {
      connection.onProgress?.(progress);
      options.onProgress?.(progress);
    },
    log: (line) => log.push(line),
    warn: (warning) => {
      warnings.push(warning);
      connection.onWarning?.(warning);
    },
  };
  const counting = countCalls(connection.connector);
  const signal = options.signal;
  const onSyncPoint = connection.testHooks?.onSyncPoint;
  const logRow = await local.db
    .insertInto(SYSTEM_TABLES.log)
    .values({ started_at: startedAt, kind: input.kind, result: 'running' })
    .returning('id')
    .executeTakeFirstOrThrow()
    .catch(async () => undefined);
  const beginStep = async (step: SyncStep): Promise<StepTimer> => {
    throwIfCancelled(signal);
    await onSyncPoint?.({ name: 'step', step });
    reporter.progress({ step, done: 0 });
    const stepStart = performance.now();
    const callsBefore = counting.calls();
    return { end: (records) => void steps.push({ step, ms: Math.round(performance.now() - stepStart), records, serverCalls: counting.calls() - callsBefore }) };
  };
  return {
    local,
    db: local.db,
    connector: counting.connector,
    ...(connection.channel ? { channel: connection.channel } : {}),
    connection,
    options,
    background: options.background === true,
    appVersion: connection.appVersion ?? DEFAULT_APP_VERSION,
    clock,
    ...(signal ? { signal } : {}),
    ...(onSyncPoint ? { onSyncPoint } : {}),
    syncId: input.syncId,
    startedAt,
    started,
    ...(logRow ? { logRowId: Number(logRow.id) } : {}),
    reporter,
    log,
    warnings,
    steps,
    now,
    beginStep,
    async measure(step, work, records) {
      const timer = await beginStep(step);
      const value = await work();
      timer.end(records(value));
      return value;
    },
  };
}
