import { randomUUID } from '../ids/random-uuid';
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
import type { DeviceStatus } from './device-status';
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
  }

  /** The app's reads and writes of synchronised records. */
  get records(): DeviceRecords {
    return this.local.records;
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
   * sync runs, and {@link DeviceWipedError} once the device was wiped.
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

  /** See {@link LocalDatabase.status}. */
  async status(): Promise<DeviceStatus> {
    return this.local.status();
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
    this.local.beginSync();
    try {
      const ctx = await createSyncRunContext({ local: this.local, connection: this.connection, options, syncId: randomUUID(), kind });
      return new SyncRun(ctx, initialSyncRunState(kind), () => this.local.endSync());
    } catch (error) {
      this.local.endSync();
      throw error;
    }
  }
}
