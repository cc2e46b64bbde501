import { randomUUID } from '../ids/random-uuid';
import { attachmentRunner } from '../attachments/attachment-runner';
import { DeviceAttachments } from '../attachments/device-attachments';
import { DeviceDocuments } from '../documents/device-documents';
import type { ApiUsage } from '@fieldsync/connector-api';
import type { Customization, Schema } from '@fieldsync/model';
import { readPendingCustomization } from '../customization-update/customization-offer-store';
import { NoPendingCustomizationError } from '../errors/customization-update-errors';
import { DeviceWipedError } from '../errors/device-control-errors';
import { EntityNotSyncedError, SyncInProgressError } from '../errors/sync-core-errors';
import type { LocalDatabase } from '../local-database/local-database';
import type { SyncLogEntry } from '../local-database/sync-log-entry';
import { readMeta } from '../local-store/device-meta';
import type { LocalDb } from '../local-store/local-db';
import { createSyncRunContext } from '../run/sync-run-context';
import { SyncRun } from '../run/sync-run';
import { initialSyncRunState } from '../run/sync-run-state';
import type { SyncErrorResolution } from '../upload/resolve-sync-error';
import type { SyncErrorEntry } from '../upload/sync-error-store';
import type { DeviceRecords } from '../writes/device-records';
import type { WriteGate } from '../writes/write-gate';
import { applyStagedUpdate, type AppliedUpdate } from '../apply/apply-update';
import { flushApplyStamps } from '../apply/apply-stamps';
import type { SchedulerStatus } from '../scheduler/scheduler-status';
import { SignInRequiredError } from '../errors/refresh-mode-errors';
import { readRefreshModeToggle, type RefreshMode, type RefreshModeStatus, type RefreshModeToggle } from '../refresh-mode/refresh-mode';
import type { SyncEngineStatus } from './device-status';
import { deriveSyncState, type SyncStateInput } from './sync-state';
import type { SyncProgress, SyncStep } from './sync-reporter';
import { checkConnectionOptions } from './check-connection-options';
import type { SyncConnectionOptions, SyncOptions } from './sync-engine-options';
import type { SyncKind, SyncResult } from './sync-result';

/**
 * The device sync engine: a {@link LocalDatabase} connected to a backend (`local.connect(...)`, or
 * `openSyncEngine`). A sync is a {@link SyncRun} of named phases. One sync runs at a time; the app
 * may keep reading and writing while it runs, and what it writes goes up with the next sync. The local
 * database's API (records, errors, status, sync log, wipe) is here too, for the app's convenience.
 */
export class SyncEngine {
  readonly #statusListeners = new Set<(status: SyncEngineStatus) => void>();
  #running?: { step: SyncStep | 'starting'; progress?: SyncProgress };
  #scheduler?: SyncStateInput['scheduler'];
  #lastStatus?: SyncEngineStatus;
  #lastKey = '';
  #refreshes = 0;
  #attachments?: DeviceAttachments;
  #documents?: DeviceDocuments;

  /**
   * Use `LocalDatabase.connect` or `openSyncEngine`. Throws `InvalidEngineOptionsError` for a
   * `channel` together with a `customization`, an `appVersion` that is not a semantic version, or a
   * `changeLogPageSize` that is not a whole number of at least 1.
   */
  constructor(
    /** The local database this engine synchronises. */
    readonly local: LocalDatabase,
    private readonly connection: SyncConnectionOptions,
  ) {
    checkConnectionOptions(connection);
    const clear = connection.attachments?.storage?.clear?.bind(connection.attachments.storage);
    // A wipe erases the bodies' files too, not only their rows.
    if (clear) local.onWipe(clear);
  }

  /** The app's reads and writes of synchronised records. */
  get records(): DeviceRecords {
    return this.local.records;
  }

  /** The attachment bodies of the device: their state, downloads on request, bodies created on the device. */
  get attachments(): DeviceAttachments {
    this.#attachments ??= new DeviceAttachments(this.local, this.connection);
    return this.#attachments;
  }

  /** The record documents of the device (SharePoint / OneDrive folders through the bridge): their state and bytes. */
  get documents(): DeviceDocuments {
    this.#documents ??= new DeviceDocuments(this.local, this.connection);
    return this.#documents;
  }

  /** Lets the app's writes cut in on a running download; its longest wait is a benchmark figure. */
  get gate(): WriteGate {
    return this.local.gate;
  }

  /** The device database. */
  get db(): LocalDb {
    return this.local.db;
  }

  /** True while a sync runs. */
  get syncing(): boolean {
    return this.local.syncing;
  }

  /**
   * Runs one synchronization: with a device channel, the administrator's orders and the customization
   * first; then prepare (sign-in, schema, permissions), upload, analyze, download, cleanup (the phases
   * of {@link SyncRun}). Never throws for a failure of the sync itself: the result says `failed` with the
   * error, the device stays usable and the next sync resumes. Throws {@link SyncInProgressError} when a
   * sync runs, {@link DeviceWipedError} once the device was wiped, and `SignInRequiredError` after a
   * Refresh Mode toggle until the user signed in again ({@link noteSignIn}).
   */
  async sync(options: SyncOptions = {}): Promise<SyncResult> {
    return (await this.startSync(options)).run();
  }

  /**
   * Starts a sync without running any of its phases: the caller drives the returned {@link SyncRun}
   * (`step()` one phase at a time, pausing between phases, or `run()`). The engine counts as syncing
   * until the run's report phase ended, so a started run must be driven to its end. Throws as
   * {@link sync} does.
   */
  async startSync(options: SyncOptions = {}): Promise<SyncRun> {
    return this.start(options, options.full ? 'full' : 'incremental');
  }

  /**
   * Uploads what is unsynced, then clears and downloads again every entity, or only `entity`
   * (Veeva's database refresh, Resco's Delete Data). Local changes that could not be uploaded stay.
   */
  async reset(options: { entity?: string } = {}): Promise<SyncResult> {
    if (this.local.isWiped) throw new DeviceWipedError();
    if (this.local.syncing) throw new SyncInProgressError();
    const stored = await readMeta<Customization>(this.local.db, 'customization');
    const wanted = this.connection.customization ?? stored;
    if (options.entity && wanted && !wanted.entities.some((entity) => entity.entity === options.entity)) throw new EntityNotSyncedError(options.entity);
    return (await this.start({ full: options.entity ? [options.entity] : true }, 'reset')).run();
  }

  /**
   * Applies the customization update a background sync (or a sync whose uploads failed) kept waiting:
   * runs a foreground sync, which asks the channel again and applies what it offers now (the waiting
   * update, or a newer one). Throws {@link NoPendingCustomizationError} when none waits.
   */
  async applyPendingCustomization(): Promise<SyncResult> {
    if (this.local.isWiped) throw new DeviceWipedError();
    if (!(await readPendingCustomization(this.local.db))) throw new NoPendingCustomizationError();
    return this.sync();
  }

  /** See {@link LocalDatabase.refreshMode}. */
  async refreshMode(): Promise<RefreshModeStatus> {
    return this.local.refreshMode();
  }

  /** See {@link LocalDatabase.setRefreshMode}: a change makes `sync()` throw `SignInRequiredError` until {@link noteSignIn}. */
  async setRefreshMode(mode: RefreshMode): Promise<RefreshModeToggle> {
    return this.local.setRefreshMode(mode);
  }

  /** See {@link LocalDatabase.noteSignIn}. */
  async noteSignIn(): Promise<void> {
    return this.local.noteSignIn();
  }

  /** See {@link LocalDatabase.wipe}. */
  async wipe(): Promise<void> {
    return this.local.wipe();
  }

  /** See {@link LocalDatabase.errors}. */
  async errors(): Promise<SyncErrorEntry[]> {
    return this.local.errors();
  }

  /** See {@link LocalDatabase.resolveError}. */
  async resolveError(errorId: number, resolution: SyncErrorResolution): Promise<void> {
    return this.local.resolveError(errorId, resolution);
  }

  /** See {@link LocalDatabase.localSchema}. */
  async localSchema(): Promise<Schema | undefined> {
    return this.local.localSchema();
  }

  /**
   * The device at a glance ({@link LocalDatabase.status}) with the one `state` its status widget shows
   * (up-to-date, syncing, updates-available with its age, sync-errors, auth-error, offline-waiting,
   * paused), "current as of", the staged update waiting, if any, and the attachment step running in the
   * background (`attachments`, with its latest progress).
   */
  async status(): Promise<SyncEngineStatus> {
    const status = await this.local.syncStatus({
      ...(this.#running ? { running: this.#running } : {}),
      ...(this.#scheduler ? { scheduler: this.#scheduler } : {}),
    });
    if (!attachmentRunner.busy(this.local)) return status;
    const progress = attachmentRunner.progress(this.local);
    return { ...status, attachments: { running: true, ...(progress ? { progress } : {}) } };
  }

  /**
   * Calls `listener` with the engine's status each time it changes (a sync starts, makes progress or
   * ends; an update is applied; the scheduler waits for a connection or pauses): a status widget binds
   * to it. Returns the function that stops the calls. A listener that throws is ignored.
   * @example const off = engine.on('status', (status) => render(status.state));
   */
  on(event: 'status', listener: (status: SyncEngineStatus) => void): () => void {
    if (event !== 'status') throw new TypeError(`SyncEngine.on: unknown event '${String(event)}'`);
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /**
   * Apply Update: swaps the staged update of the last non-blocking sync in, in one short transaction,
   * rebasing the device's edits made since it was staged (they stay queued, field by field over the
   * server's rows; a record deleted on the device stays deleted). Runs while a sync or an upload runs
   * and never waits for one. A crash midway applies nothing. Then sends the "updates applied" stamp to
   * the bridge's sync tracking (with a channel; one that cannot be sent goes with the next sync).
   * Throws `NoStagedUpdateError` (`NO_STAGED_UPDATE`) when no update waits, {@link DeviceWipedError} once wiped.
   */
  async applyUpdate(): Promise<AppliedUpdate> {
    if (this.local.isWiped) throw new DeviceWipedError();
    const { local, whoAmI } = await this.local.deviceState();
    const outer = this.#running;
    this.#noteRunning({ step: 'apply' });
    let applied: AppliedUpdate;
    try {
      applied = await applyStagedUpdate({
        db: this.local.db,
        local,
        whoAmI,
        clock: this.local.clock,
        gate: this.local.gate,
        reporter: { progress: () => undefined, log: () => undefined, warn: (warning) => this.connection.onWarning?.(warning) },
        ...(this.connection.testHooks?.onApplyPoint ? { onApplyPoint: this.connection.testHooks.onApplyPoint } : {}),
        rememberState: (state) => this.local.rememberState(state),
      });
    } finally {
      this.#running = outer;
      // Listeners hear the new state before the call resolves.
      await this.#refresh();
    }
    if (this.connection.channel) await flushApplyStamps(this.local.db, this.connection.channel);
    return applied;
  }

  /**
   * Tells the engine the scheduler's state, so that {@link status} and its events show
   * `offline-waiting` and `paused`; `SyncScheduler` calls it on every change of its status.
   */
  noteSchedulerStatus(status: SchedulerStatus): void {
    const next: SyncStateInput['scheduler'] =
      status.state === 'offline-waiting'
        ? { state: 'offline-waiting', nextRetryAt: status.nextRetryAt }
        : status.state === 'paused'
          ? { state: 'paused', pausedAt: status.pausedAt }
          : undefined;
    if (JSON.stringify(next) === JSON.stringify(this.#scheduler)) return;
    this.#scheduler = next;
    void this.#refresh();
  }

  /**
   * The backend's API usage against its limit (`CrmConnector.apiUsage`; through the bridge, the org's
   * usage as the bridge's connector reports it): a scheduler holds non-blocking syncs back at 90 %.
   * Needs the network; throws what the connector throws (`TransientError` offline).
   */
  async apiUsage(): Promise<ApiUsage> {
    return this.connection.connector.apiUsage();
  }

  /** See {@link LocalDatabase.syncLog}. */
  async syncLog(limit = 20): Promise<SyncLogEntry[]> {
    return this.local.syncLog(limit);
  }

  /** Marks the sync as running and sets its run up (its sync log row written); the run ends the mark. */
  private async start(options: SyncOptions, kind: SyncKind): Promise<SyncRun> {
    // The engine counts as syncing from the call on (beginSync throws for a running sync or a wiped device).
    this.local.beginSync();
    this.#noteRunning({ step: 'starting' });
    const end = () => {
      this.local.endSync();
      this.#running = undefined;
      void this.#refresh();
    };
    try {
      // A Refresh Mode toggle holds every sync back until the user signed in again.
      const toggle = await readRefreshModeToggle(this.local.db);
      if (toggle?.signInRequired) throw new SignInRequiredError(toggle.mode, toggle.toggledAt);
      const onProgress = (progress: SyncProgress) => {
        this.#noteRunning({ step: progress.step, progress });
        options.onProgress?.(progress);
      };
      const ctx = await createSyncRunContext({
        local: this.local,
        connection: this.connection,
        options: { ...options, onProgress },
        syncId: randomUUID(),
        kind,
      });
      return new SyncRun(ctx, initialSyncRunState(kind), end);
    } catch (error) {
      end();
      throw error;
    }
  }

  /** A sync or an apply runs at `running`: listeners hear it at once, from the last status known. */
  #noteRunning(running: { step: SyncStep | 'starting'; progress?: SyncProgress }): void {
    this.#running = running;
    if (this.#statusListeners.size === 0) return;
    if (this.#lastStatus) this.#publish({ ...this.#lastStatus, state: deriveSyncState({ now: this.local.clock.now(), running, wiped: false, syncErrors: 0 }) });
    else void this.#refresh();
  }

  /** Reads the status again and tells the listeners when it changed (the newest read wins). */
  async #refresh(): Promise<void> {
    if (this.#statusListeners.size === 0) return;
    const ticket = ++this.#refreshes;
    try {
      const status = await this.status();
      if (ticket === this.#refreshes) this.#publish(status);
    } catch {
      // A status that cannot be read now (the database closed) is not news.
    }
  }

  #publish(status: SyncEngineStatus): void {
    this.#lastStatus = status;
    const key = JSON.stringify([status.state, status.currentAsOf, status.updates, status.syncErrors, status.pendingChanges]);
    if (key === this.#lastKey) return;
    this.#lastKey = key;
    for (const listener of this.#statusListeners) {
      try {
        listener(status);
      } catch {
        // The app's listener failed; the engine goes on.
      }
    }
  }
}
