import type { PermissionSet, WhoAmI } from '@fieldsync/connector-api';
import { systemClock, type Clock, type Customization, type Schema } from '@fieldsync/model';
import { countChanges, countChangesByEntity } from '../changes/change-log';
import { readAppliedOffer, readPendingCustomization } from '../customization-update/customization-offer-store';
import { readDeviceControl } from '../device-control/device-control-store';
import { wipeDeviceData } from '../device-control/wipe-device-data';
import { readAnchor } from '../download/anchor-store';
import { SyncEngine } from '../engine/sync-engine';
import type { SyncConnectionOptions } from '../engine/sync-engine-options';
import type { DeviceStatus, EntityStatus, SyncEngineStatus } from '../engine/device-status';
import { deriveSyncState, type SyncStateInput } from '../engine/sync-state';
import type { SyncResult } from '../engine/sync-result';
import { DeviceLockedError, DeviceWipedError } from '../errors/device-control-errors';
import { DeviceNotInitializedError, SyncErrorNotFoundError, SyncInProgressError } from '../errors/sync-core-errors';
import { readMeta, writeMeta } from '../local-store/device-meta';
import { readStagedUpdate } from '../staging/staged-update';
import type { LocalDb } from '../local-store/local-db';
import { buildLocalSchema } from '../local-store/local-schema';
import { readDeviceSchema } from '../local-store/read-device-schema';
import { LOCAL_FORMAT, SYSTEM_TABLES, ensureSystemTables } from '../local-store/system-tables';
import { checkMerged, resolveSyncError, type SyncErrorResolution } from '../upload/resolve-sync-error';
import { listSyncErrors, type SyncErrorEntry } from '../upload/sync-error-store';
import { DeviceRecords } from '../writes/device-records';
import { WriteGate } from '../writes/write-gate';
import type { DeviceState } from './device-state';
import {
  effectiveRefreshMode,
  readRefreshModeToggle,
  writeRefreshModeToggle,
  type RefreshMode,
  type RefreshModeStatus,
  type RefreshModeToggle,
} from '../refresh-mode/refresh-mode';
import type { LocalDatabaseOptions } from './local-database-options';
import type { SyncLogEntry } from './sync-log-entry';

/**
 * The device's local database, usable offline with no connector (PowerSync's `PowerSyncDatabase`): the
 * app's record API ({@link records}), the change log waiting to go up, the sync errors waiting for the
 * user, the status and the sync log. {@link connect} gives it a backend and returns the
 * {@link SyncEngine} that synchronises it; one sync runs at a time, whichever engine starts it.
 */
export class LocalDatabase {
  /** The app's reads and writes of synchronised records. */
  readonly records: DeviceRecords;
  /** Lets the app's writes cut in on a running download; its longest wait is a benchmark figure. */
  readonly gate = new WriteGate();
  /** Stamps local changes and sync times. */
  readonly clock: Clock;
  private running = false;
  private wiped = false;
  private state?: DeviceState;
  private readonly wipeHooks = new Set<() => Promise<void>>();

  constructor(private readonly options: LocalDatabaseOptions) {
    this.clock = options.clock ?? systemClock;
    this.records = new DeviceRecords({
      db: options.db,
      gate: this.gate,
      clock: this.clock,
      state: () => this.deviceState(),
      assertUsable: () => this.assertUsable(),
    });
  }

  /** The device database. */
  get db(): LocalDb {
    return this.options.db;
  }

  /** True while a sync runs. */
  get syncing(): boolean {
    return this.running;
  }

  /** True once the device was wiped: nothing can be read, written or synchronised any more. */
  get isWiped(): boolean {
    return this.wiped;
  }

  /**
   * Connects the database to a backend (`connector`) and, for a device managed by a bridge, its device
   * channel: returns the engine that synchronises it. The database stays usable offline meanwhile.
   * Throws {@link InvalidEngineOptionsError} for a `channel` together with a `customization`, an
   * `appVersion` that is not a semantic version, or a `changeLogPageSize` below 1.
   * @example const engine = local.connect({ connector, channel: connector });
   */
  connect(options: SyncConnectionOptions): SyncEngine {
    return new SyncEngine(this, options);
  }

  /**
   * Erases every record, change, shadow, anchor, sync error, the sync log and the stored customization,
   * schema, permissions and user (an administrator's wipe; a sync does it by itself when told to). The
   * database cannot be used afterwards; the caller deletes the file and its stored token. Throws
   * {@link SyncInProgressError} while a sync runs.
   */
  /**
   * The device's Refresh Mode: `mode` in effect (`non-blocking` only when the org's
   * `EnableNonBlockingSync` is on and the device's toggle allows it), `orgEnabled`, the device's
   * `toggle` if the user ever toggled it, and `signInRequired` while a toggle waits for a new sign-in.
   */
  async refreshMode(): Promise<RefreshModeStatus> {
    const toggle = await readRefreshModeToggle(this.options.db);
    const customization = await readMeta<Customization>(this.options.db, 'customization');
    const orgEnabled = customization?.settings.EnableNonBlockingSync === true;
    return {
      mode: effectiveRefreshMode(customization?.settings, toggle),
      orgEnabled,
      ...(toggle ? { toggle } : {}),
      signInRequired: toggle?.signInRequired === true,
    };
  }

  /**
   * The user's Refresh Mode toggle (seed 000's Options tab): stores `mode` for this device. A change
   * requires signing in again: until {@link noteSignIn}, the engine's `sync()` throws `SignInRequiredError`
   * (`SIGN_IN_REQUIRED`). Setting the mode the device already has changes nothing. The org's
   * `EnableNonBlockingSync` is not affected; every sync's tracking record carries the mode in effect.
   */
  async setRefreshMode(mode: RefreshMode): Promise<RefreshModeToggle> {
    if (this.wiped) throw new DeviceWipedError();
    if (mode !== 'blocking' && mode !== 'non-blocking')
      throw new TypeError(`SyncEngine.setRefreshMode: mode must be 'blocking' or 'non-blocking', not '${String(mode)}'`);
    const current = await readRefreshModeToggle(this.options.db);
    if (current?.mode === mode) return current;
    const toggle: RefreshModeToggle = { mode, toggledAt: new Date(this.clock.now()).toISOString(), signInRequired: true };
    await writeRefreshModeToggle(this.options.db, toggle);
    return toggle;
  }

  /** Tells the engine the user signed in again (a new session): a Refresh Mode toggle no longer holds syncs back. */
  async noteSignIn(): Promise<void> {
    const toggle = await readRefreshModeToggle(this.options.db);
    if (toggle?.signInRequired) await writeRefreshModeToggle(this.options.db, { ...toggle, signInRequired: false });
  }

  async wipe(): Promise<void> {
    if (this.running) throw new SyncInProgressError();
    await this.wipeData();
  }

  /** Every sync error waiting for the user. Throws {@link DeviceLockedError} while the device is locked. */
  async errors(): Promise<SyncErrorEntry[]> {
    await this.assertUsable();
    return listSyncErrors(this.options.db);
  }

  /**
   * Resolves a sync error. `local`: the device's change goes up again with the next sync, over the
   * server's version. `server`: the change is dropped and the server's record taken. `{ merged }`: the
   * merged fields are stored and go up over the server's version. Throws {@link SyncErrorNotFoundError},
   * {@link DeviceLockedError} while the device is locked.
   */
  async resolveError(errorId: number, resolution: SyncErrorResolution): Promise<void> {
    await this.assertUsable();
    const { local } = await this.deviceState();
    const entry = (await listSyncErrors(this.options.db)).find((candidate) => candidate.id === errorId);
    if (!entry) throw new SyncErrorNotFoundError(errorId);
    const schema = local.entities.get(entry.entity)?.schema;
    // A merge that does not fit the entity is refused before anything changes.
    if (schema && typeof resolution === 'object') checkMerged(schema, resolution.merged);
    await this.gate.enter((started) =>
      this.options.db.transaction().execute(async (trx) => {
        started();
        await resolveSyncError(trx, { entry, schema, resolution, clock: this.clock });
      }),
    );
  }

  /** The device's schema (synchronised entities and fields) as the last sync stored it; undefined before it. */
  async localSchema(): Promise<Schema | undefined> {
    return readDeviceSchema(this.options.db);
  }

  /** The device at a glance. */
  async status(): Promise<DeviceStatus> {
    const db = this.options.db;
    const customization = await readMeta<Customization>(db, 'customization');
    const whoAmI = await readMeta<WhoAmI>(db, 'whoami');
    const pendingChanges = await countChanges(db);
    const syncErrors = (await listSyncErrors(db)).length;
    const last = await db.selectFrom(SYSTEM_TABLES.log).select(['started_at', 'result']).orderBy('id', 'desc').limit(1).executeTakeFirst();
    const entities: EntityStatus[] = [];
    if (customization) {
      const pendingByEntity = await countChangesByEntity(db);
      for (const config of customization.entities) {
        const anchor = await readAnchor(db, config.entity);
        const count = await db
          .selectFrom(config.entity)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst()
          .catch(() => undefined);
        entities.push({
          entity: config.entity,
          records: Number(count?.n ?? 0),
          pendingChanges: pendingByEntity.get(config.entity) ?? 0,
          ...(anchor.lastSyncDate ? { lastSyncDate: anchor.lastSyncDate } : {}),
          ...(anchor.lastFullSyncStart ? { lastFullSyncStart: anchor.lastFullSyncStart } : {}),
          state: anchor.anchor === undefined && anchor.state === 'complete' ? 'never' : anchor.state,
        });
      }
    }
    const control = await readMeta<{ state: 'active' | 'locked' }>(db, 'device_control');
    const applied = await readAppliedOffer(db);
    const pending = await readPendingCustomization(db);
    const currentAsOf = await readMeta<string>(db, 'current_as_of');
    const staged = await readStagedUpdate(db);
    return {
      initialized: customization !== undefined,
      ...(whoAmI ? { userId: whoAmI.userId, userName: whoAmI.userName } : {}),
      ...(customization ? { customizationVersion: customization.version } : {}),
      pendingChanges,
      syncErrors,
      ...(last ? { lastSync: { startedAt: last.started_at as string, result: last.result as string } } : {}),
      entities,
      ...(control ? { deviceState: control.state } : {}),
      ...(applied ? { customizationRevision: applied.revision, settingsReadOnly: applied.settingsReadOnly } : {}),
      ...(pending
        ? { pendingCustomization: { version: pending.version, revision: pending.revision, reason: pending.reason, receivedAt: pending.receivedAt } }
        : {}),
      ...(currentAsOf ? { currentAsOf } : {}),
      ...(staged
        ? {
            updates: {
              receivedAt: staged.receivedAt,
              counts: staged.counts,
              ...(staged.metadata ? { metadata: { version: staged.metadata.offer.version, revision: staged.metadata.offer.revision } } : {}),
            },
          }
        : {}),
    };
  }

  /**
   * {@link status} with the one state the app's status widget shows (`SyncState`): what the
   * database knows (the last sync's failure, sync errors, a staged update and its age), with `live`
   * what only a running engine and scheduler know (the sync running, offline-waiting, paused).
   * `SyncEngine.status()` passes those.
   */
  async syncStatus(live: Pick<SyncStateInput, 'running' | 'scheduler'> = {}): Promise<SyncEngineStatus> {
    const device = await this.status();
    const last = (await this.syncLog(5)).find((entry) => entry.result !== 'running');
    const failure = last?.result === 'failed' ? last.summary?.error : undefined;
    const state = deriveSyncState({
      now: this.clock.now(),
      ...(live.running ? { running: live.running } : {}),
      ...(failure ? { lastFailure: failure } : {}),
      wiped: this.wiped,
      syncErrors: device.syncErrors,
      ...(live.scheduler ? { scheduler: live.scheduler } : {}),
      ...(device.updates ? { updatesReceivedAt: device.updates.receivedAt } : {}),
    });
    return { ...device, state };
  }

  /** The newest sync log entries, newest first. */
  async syncLog(limit = 20): Promise<SyncLogEntry[]> {
    const rows = await this.options.db.selectFrom(SYSTEM_TABLES.log).selectAll().orderBy('id', 'desc').limit(limit).execute();
    return rows.map((row) => ({
      id: Number(row.id),
      startedAt: row.started_at as string,
      ...(row.ended_at ? { endedAt: row.ended_at as string } : {}),
      kind: row.kind as string,
      result: row.result as string,
      ...(row.summary ? { summary: JSON.parse(row.summary as string) as SyncResult } : {}),
    }));
  }

  /**
   * Marks a sync as running until {@link endSync}: the one-sync-at-a-time rule. Throws
   * {@link DeviceWipedError} once the device was wiped and {@link SyncInProgressError} while a sync runs.
   * @internal For the engine.
   */
  beginSync(): void {
    if (this.wiped) throw new DeviceWipedError();
    if (this.running) throw new SyncInProgressError();
    this.running = true;
  }

  /** @internal For the engine: the sync begun by {@link beginSync} ended. */
  endSync(): void {
    this.running = false;
  }

  /**
   * The device's schema, permissions, user and customization as the last sync stored them (cached).
   * Throws {@link DeviceNotInitializedError} before the first sync.
   * @internal For the engine and the record API.
   */
  async deviceState(): Promise<DeviceState> {
    if (this.state) return this.state;
    const db = this.options.db;
    const customization = await readMeta<Customization>(db, 'customization');
    const schema = await readMeta<Schema>(db, 'schema');
    const permissions = await readMeta<PermissionSet>(db, 'permissions');
    const whoAmI = await readMeta<WhoAmI>(db, 'whoami');
    if (!customization || !schema || !permissions || !whoAmI) throw new DeviceNotInitializedError('local records');
    this.state = { local: buildLocalSchema(schema, customization), permissions, whoAmI, customization };
    return this.state;
  }

  /** @internal For the engine: a sync stored a new device state (the cache of {@link deviceState}). */
  rememberState(state: DeviceState): void {
    this.state = state;
  }

  /** @internal For the engine: erases the device (see {@link wipe}) without the running-sync check. */
  async wipeData(): Promise<void> {
    this.wiped = true;
    this.state = undefined;
    await wipeDeviceData(this.options.db);
    // What the device keeps beside the database (the `Blob/` files of the attachment storage).
    for (const hook of this.wipeHooks) await hook();
  }

  /**
   * @internal For the engine: `hook` runs after every wipe, to erase what the device keeps outside the
   * database (its attachment storage). Returns the function that removes it.
   */
  onWipe(hook: () => Promise<void>): () => void {
    this.wipeHooks.add(hook);
    return () => this.wipeHooks.delete(hook);
  }

  /** Refuses local reads and writes on a wiped device or a locked one (the lock is read from the database: it holds offline). */
  private async assertUsable(): Promise<void> {
    if (this.wiped) throw new DeviceWipedError();
    if ((await readDeviceControl(this.options.db)).state === 'locked') throw new DeviceLockedError();
  }
}

/**
 * Opens the device's local database over the app's Kysely (creating the system tables) and returns it:
 * records, errors, status and the sync log work at once, offline; `connect` adds synchronisation.
 * @example const local = await openLocalDatabase({ db: await openDeviceDatabase('device.db') });
 */
export async function openLocalDatabase(options: LocalDatabaseOptions): Promise<LocalDatabase> {
  await options.db.transaction().execute(async (trx) => {
    await ensureSystemTables(trx);
    const format = await readMeta<string>(trx, 'format');
    if (format === undefined) await writeMeta(trx, 'format', LOCAL_FORMAT);
  });
  return new LocalDatabase(options);
}
