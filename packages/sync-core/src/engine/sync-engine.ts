import { randomUUID } from '../ids/random-uuid';
import type { CrmConnector, DeviceChannel, DeviceControlState, ForcedFullSync, PermissionSet, WhoAmI } from '@fieldsync/connector-api';
import {
  FieldsyncError,
  parseCustomization,
  orderParentsFirst,
  systemClock,
  type Clock,
  type Customization,
  type Schema,
} from '@fieldsync/model';
import { countChanges, countChangesByEntity } from '../changes/change-log';
import { restoreChildren } from '../cleanup/restore-children';
import { runCleanup } from '../cleanup/run-cleanup';
import { noteRemoved, type RemovedRecords } from '../cleanup/removed-records';
import { applyCustomizationUpdate } from '../customization-update/apply-customization-update';
import { isAppVersion } from '../customization-update/compare-app-versions';
import { describeCustomizationChange, formatCustomizationChange } from '../customization-update/customization-change';
import { readAppliedOffer, readPendingCustomization, writeAppliedOffer, writePendingCustomization } from '../customization-update/customization-offer-store';
import { fetchCustomizationOffer } from '../customization-update/fetch-customization-offer';
import { entitiesNamedIn, parseOfferedDocument, type CustomizationDocument } from '../customization-update/offered-customization';
import { checkDeviceControl, formatDeviceControl, type DeviceControlCheck } from '../device-control/check-device-control';
import { readDeviceControl, readForcedRun, writeForcedRun, writeLastForcedCommand, writeLastSyncStart, type ForcedFullSyncRun } from '../device-control/device-control-store';
import { discardLocalChanges } from '../device-control/discard-local-changes';
import { countChangesOf, entitiesOfOrder, entitiesStillForced } from '../device-control/forced-full-sync';
import { wipeDeviceData } from '../device-control/wipe-device-data';
import type { AnalyzerDecision } from '../download/analyze-entity';
import { runAnalyze } from '../download/run-analyze';
import { runDownloads } from '../download/run-downloads';
import { clearAnchors, readAnchor } from '../download/anchor-store';
import { dropStages } from '../staging/stage-tables';
import type { DownloadContext, EntityDownloadFigures } from '../download/download-context';
import { InvalidEngineOptionsError, NoPendingCustomizationError } from '../errors/customization-update-errors';
import { DeviceLockedError, DeviceWipedError, ForcedFullSyncBlockedError, ManualSyncRequiredError } from '../errors/device-control-errors';
import { DeviceNotInitializedError, EntityNotSyncedError, SyncCancelledError, SyncErrorNotFoundError, SyncInProgressError, throwIfCancelled } from '../errors/sync-core-errors';
import { readMeta, writeMeta } from '../local-store/device-meta';
import { ensureEntityTables } from '../local-store/entity-tables';
import type { LocalDb } from '../local-store/local-db';
import { buildLocalSchema, type LocalSchema } from '../local-store/local-schema';
import { readDeviceSchema } from '../local-store/read-device-schema';
import { LOCAL_FORMAT, SYSTEM_TABLES, ensureSystemTables } from '../local-store/system-tables';
import { reportSync } from '../tracking/report-sync';
import { runUpload } from '../upload/run-upload';
import { checkMerged, resolveSyncError, type SyncErrorResolution } from '../upload/resolve-sync-error';
import { listSyncErrors, type SyncErrorEntry } from '../upload/sync-error-store';
import { DeviceRecords } from '../writes/device-records';
import { WriteGate } from '../writes/write-gate';
import { countCalls } from './counting-connector';
import type { DeviceStatus, EntityStatus } from './device-status';
import type { SyncEngineOptions, SyncOptions } from './sync-engine-options';
import type { CustomizationUpdateOutcome, SyncKind, SyncResult, StepFigures } from './sync-result';
import type { SyncReporter, SyncStep, SyncWarning } from './sync-reporter';

/** The app version assumed when the app does not give one. */
const DEFAULT_APP_VERSION = '1.0.0';

/** One row of the device's sync log. */
export interface SyncLogEntry {
  readonly id: number;
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly kind: string;
  readonly result: string;
  readonly summary?: SyncResult;
}

interface DeviceState {
  readonly local: LocalSchema;
  readonly permissions: PermissionSet;
  readonly whoAmI: WhoAmI;
  readonly customization: Customization;
}

/** What the server says about the user, fetched once per sync. */
interface ServerState {
  readonly whoAmI: WhoAmI;
  readonly schema: Schema;
  readonly permissions: PermissionSet;
}

/** A customization update received in this sync and not applied yet. */
interface OfferedUpdate {
  readonly offer: Awaited<ReturnType<typeof fetchCustomizationOffer>>['offer'];
  readonly document: CustomizationDocument;
  readonly customization: Customization;
}

/** Ends a sync early without it being an error of the sync itself. */
class SyncStop extends Error {
  constructor(
    readonly reason: 'wiped' | 'upload-only',
    readonly control?: DeviceControlState,
  ) {
    super(reason);
  }
}

/**
 * The device sync engine: the app's local record API ({@link records}) and the synchronization that
 * keeps the device database in step with the backend. One sync runs at a time; the app may keep
 * reading and writing while it runs, and what it writes goes up with the next sync.
 */
export class SyncEngine {
  /** The app's reads and writes of synchronised records. */
  readonly records: DeviceRecords;
  /** Lets the app's writes cut in on a running download; its longest wait is a benchmark figure. */
  readonly gate = new WriteGate();
  private readonly clock: Clock;
  private running = false;
  private wiped = false;
  private state?: DeviceState;

  constructor(private readonly options: SyncEngineOptions) {
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

  /**
   * Runs one synchronization: with a device channel, the administrator's orders and the customization
   * first; then prepare (sign-in, schema, permissions), upload, analyze, download, cleanup. Never throws
   * for a failure of the sync itself: the result says `failed` with the error, the device stays usable
   * and the next sync resumes. Throws {@link SyncInProgressError} when a sync runs, and
   * {@link DeviceWipedError} once the device was wiped.
   */
  async sync(options: SyncOptions = {}): Promise<SyncResult> {
    if (this.wiped) throw new DeviceWipedError();
    if (this.running) throw new SyncInProgressError();
    this.running = true;
    try {
      return await this.runSync(options, options.full ? 'full' : 'incremental');
    } finally {
      this.running = false;
    }
  }

  /**
   * Uploads what is unsynced, then clears and downloads again every entity, or only `entity`
   * (Veeva's database refresh, Resco's Delete Data). Local changes that could not be uploaded stay.
   */
  async reset(options: { entity?: string } = {}): Promise<SyncResult> {
    if (this.wiped) throw new DeviceWipedError();
    if (this.running) throw new SyncInProgressError();
    const stored = await readMeta<Customization>(this.options.db, 'customization');
    const wanted = this.options.customization ?? stored;
    if (options.entity && wanted && !wanted.entities.some((entity) => entity.entity === options.entity)) throw new EntityNotSyncedError(options.entity);
    this.running = true;
    try {
      return await this.runSync({ full: options.entity ? [options.entity] : true }, 'reset');
    } finally {
      this.running = false;
    }
  }

  /**
   * Applies the customization update a background sync (or a sync whose uploads failed) kept waiting:
   * runs a foreground sync, which asks the channel again and applies what it offers now (the waiting
   * update, or a newer one). Throws {@link NoPendingCustomizationError} when none waits.
   */
  async applyPendingCustomization(): Promise<SyncResult> {
    if (this.wiped) throw new DeviceWipedError();
    if (!(await readPendingCustomization(this.options.db))) throw new NoPendingCustomizationError();
    return this.sync();
  }

  /**
   * Erases every record, change, shadow, anchor, sync error, the sync log and the stored customization,
   * schema, permissions and user (an administrator's wipe; a sync does it by itself when told to). The
   * engine cannot be used afterwards; the caller deletes the file and its stored token. Throws
   * {@link SyncInProgressError} while a sync runs.
   */
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
        const count = await db.selectFrom(config.entity).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst().catch(() => undefined);
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
      ...(pending ? { pendingCustomization: { version: pending.version, revision: pending.revision, reason: pending.reason, receivedAt: pending.receivedAt } } : {}),
    };
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

  /** Refuses local reads and writes on a wiped engine or a locked device (the lock is read from the database: it holds offline). */
  private async assertUsable(): Promise<void> {
    if (this.wiped) throw new DeviceWipedError();
    if ((await readDeviceControl(this.options.db)).state === 'locked') throw new DeviceLockedError();
  }

  private async wipeData(): Promise<void> {
    this.wiped = true;
    this.state = undefined;
    await wipeDeviceData(this.options.db);
  }

  private async deviceState(): Promise<DeviceState> {
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

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  private async runSync(options: SyncOptions, kind: SyncKind): Promise<SyncResult> {
    const started = performance.now();
    const startedAt = this.now();
    const syncId = randomUUID();
    const warnings: SyncWarning[] = [];
    const log: string[] = [];
    const steps: StepFigures[] = [];
    const reporter: SyncReporter = {
      progress: (progress) => this.options.onProgress?.(progress),
      log: (line) => log.push(line),
      warn: (warning) => {
        warnings.push(warning);
        this.options.onWarning?.(warning);
      },
    };
    const counting = countCalls(this.options.connector);
    const connector = counting.connector;
    const channel = this.options.channel;
    const background = options.background === true;
    const db = this.options.db;
    const logRow = await db
      .insertInto(SYSTEM_TABLES.log)
      .values({ started_at: startedAt, kind, result: 'running' })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch(async () => undefined);
    const figures = { uploaded: 0, downloaded: 0, deleted: 0, conflicts: 0, errors: 0, retries: 0 };
    const decisions: AnalyzerDecision[] = [];
    const entityFigures: EntityDownloadFigures[] = [];
    const signal = options.signal;
    const onSyncPoint = this.options.testHooks?.onSyncPoint;
    const measure = async <T>(step: SyncStep, work: () => Promise<T>, records: (value: T) => number): Promise<T> => {
      throwIfCancelled(signal);
      await onSyncPoint?.({ name: 'step', step });
      reporter.progress({ step, done: 0 });
      const stepStart = performance.now();
      const callsBefore = counting.calls();
      const value = await work();
      steps.push({ step, ms: Math.round(performance.now() - stepStart), records: records(value), serverCalls: counting.calls() - callsBefore });
      return value;
    };
    let failure: { code: string; message: string } | undefined;
    let wiped = false;
    let cancelled = false;
    let uploadOnly = false;
    let resultKind: SyncKind = kind;
    let customizationUpdate: CustomizationUpdateOutcome | undefined;
    let forcedFullSync: SyncResult['forcedFullSync'];
    // A forced full sync that was due and did not begin keeps the last sync start where it was, so the
    // order stays due; the start is only moved once the device saw the orders and nothing was left due.
    let controlSeen = false;
    let dueUnhandled = false;
    let forcedRun: ForcedFullSyncRun | undefined;
    try {
      let check: DeviceControlCheck | undefined;
      if (channel) {
        check = await measure('control', () => checkDeviceControl(db, channel, startedAt), () => 0);
        reporter.log(formatDeviceControl(check));
        if (check.control.state === 'wiped') throw new SyncStop('wiped', check.control);
        // The lock state is stored (and enforced offline) from here on: its commands are carried out.
        for (const command of check.control.pendingCommands) {
          if (command.kind === 'lock' || command.kind === 'unlock') await this.completeCommand(channel, command.id, reporter);
        }
        controlSeen = true;
        if (check.due) {
          dueUnhandled = true;
          // A background sync changes nothing: the user starts the full sync.
          if (background) throw new ManualSyncRequiredError(check.due.commandId);
        }
      }
      const locked = check?.control.state === 'locked';
      const active = await readMeta<Customization>(db, 'customization');
      if (locked && !active) throw new DeviceLockedError();

      // The customization: asked for at the start, checked before anything changes.
      let offered: OfferedUpdate | undefined;
      let server: ServerState | undefined;
      if (channel && !locked) {
        const fetched = await measure('customization', () => fetchCustomizationOffer(channel, active, this.options.appVersion ?? DEFAULT_APP_VERSION), () => 0);
        if (fetched.document) {
          const names = new Set([...entitiesNamedIn(fetched.document), ...(active ? entitiesNamedIn(active) : [])]);
          server = await this.fetchServer(connector, [...names]);
          const customization = parseOfferedDocument(fetched.document, server.schema, fetched.offer.version);
          offered = { offer: fetched.offer, document: fetched.document, customization };
          reporter.log(`<Customization Version="${fetched.offer.version.slice(0, 12)}" Revision="${fetched.offer.revision}" Status="${active ? 'Modified' : 'New'}" />`);
          if (background) {
            await writePendingCustomization(db, this.pendingOf(offered, 'background-sync'));
            customizationUpdate = { version: fetched.offer.version, revision: fetched.offer.revision, outcome: 'waiting' };
          }
        } else {
          reporter.log(`<Customization Version="${fetched.offer.version.slice(0, 12)}" Revision="${fetched.offer.revision}" Status="NotModified" />`);
          await this.refreshAppliedOffer(fetched.offer);
        }
      }

      let prepared: DeviceState & { needFull: string[] };
      if (offered && !active) {
        // A device's first customization: nothing to keep, nothing to upload.
        if (background) {
          reporter.warn({ code: 'CUSTOMIZATION_UPDATE_WAITING', message: `A customization (revision ${offered.offer.revision}) is waiting: sync in the foreground to apply it` });
          throw new SyncStop('upload-only');
        }
        prepared = await measure('prepare', () => this.applyFirstCustomization(offered, server as ServerState), () => 0);
        customizationUpdate = { version: offered.offer.version, revision: offered.offer.revision, outcome: 'applied' };
      } else {
        prepared = await measure('prepare', () => this.prepare(connector, kind === 'reset' ? options.full : undefined, server), () => 0);
      }
      let { local } = prepared;
      const { whoAmI, permissions } = prepared;
      const upload = await measure('upload', () => runUpload({ db, connector, local, settings: prepared.customization.settings, clock: this.clock, reporter, signal, ...(onSyncPoint ? { onSyncPoint } : {}), ...(this.options.changeLogPageSize ? { changeLogPageSize: this.options.changeLogPageSize } : {}) }), (value) => value.uploaded);
      Object.assign(figures, { uploaded: upload.uploaded, conflicts: upload.conflicts, errors: upload.errors, retries: upload.retries });
      if (locked) {
        // A locked device still sends what was changed before the lock (never lose a change) but
        // receives nothing more.
        uploadOnly = true;
        throw new DeviceLockedError();
      }

      // The administrator's orders again, after an upload that sent something (it may have taken long):
      // a wipe, a lock or a forced full sync issued meanwhile. With nothing sent, the first check is fresh.
      let due: ForcedFullSync | undefined = check?.due;
      if (channel && upload.uploaded + upload.errors + upload.conflicts > 0) {
        const again = await measure('control', () => checkDeviceControl(db, channel, startedAt), () => 0);
        if (again.control.state === 'wiped') throw new SyncStop('wiped', again.control);
        if (again.control.state === 'locked') {
          reporter.log(formatDeviceControl(again));
          uploadOnly = true;
          throw new DeviceLockedError();
        }
        if (again.due && again.due.commandId !== due?.commandId) {
          reporter.log(formatDeviceControl(again));
          due = again.due;
          dueUnhandled = true;
          if (background) {
            uploadOnly = true;
            throw new ManualSyncRequiredError(again.due.commandId);
          }
        }
      }
      if (offered && active && background) {
        reporter.warn({ code: 'CUSTOMIZATION_UPDATE_WAITING', message: `A customization update (revision ${offered.offer.revision}) is waiting: sync in the foreground to apply it` });
        uploadOnly = true;
        throw new SyncStop('upload-only');
      }

      // A forced full sync: local changes of its entities must be on the server first, unless the order
      // discards them.
      const forced = new Set<string>(options.full === true ? [...local.entities.keys()] : options.full ? options.full : []);
      if (due) {
        const entities = entitiesOfOrder(local, due.entities);
        const pending = await countChangesOf(db, entities);
        if (pending > 0 && !due.discardLocalChanges) throw new ForcedFullSyncBlockedError(pending, due.commandId);
        const order = due;
        const run: ForcedFullSyncRun = { commandId: order.commandId, issuedAt: order.issuedAt, ...(order.entities ? { entities: [...order.entities] } : {}), startedAt };
        const discarded = await this.gate.enter((enter) =>
          db.transaction().execute(async (trx) => {
            enter();
            const dropped = order.discardLocalChanges ? await discardLocalChanges(trx, local, entities) : 0;
            await writeForcedRun(trx, run);
            await writeLastSyncStart(trx, startedAt);
            return dropped;
          }),
        );
        dueUnhandled = false;
        forcedFullSync = { commandId: order.commandId, discardedChanges: discarded };
        reporter.log(`<ForcedFullSync Command="${order.commandId}" Entities="${[...entities].join(',') || '-'}" Discarded="${discarded}" />`);
        if (discarded > 0) reporter.warn({ code: 'LOCAL_CHANGES_DISCARDED', message: `${discarded} local change${discarded === 1 ? ' was' : 's were'} dropped by the full sync the administrator forced` });
      }
      if (channel) {
        forcedRun = await readForcedRun(db);
        if (forcedRun) for (const entity of await entitiesStillForced(db, local, forcedRun)) forced.add(entity);
      }

      // A customization update, in the foreground only.
      const needFull = new Set(prepared.needFull);
      if (offered && active) {
        const after = { local: buildLocalSchema((server as ServerState).schema, offered.customization), customization: offered.customization };
        const before = { local, customization: prepared.customization };
        const change = describeCustomizationChange(before, after);
        const applied = await measure(
          'customization',
          () =>
            applyCustomizationUpdate(db, {
              before,
              after,
              change,
              offer: offered.offer,
              permissions,
              whoAmI,
              now: this.now(),
              ...(this.options.testHooks?.onCustomizationStep ? { onStep: this.options.testHooks.onCustomizationStep } : {}),
            }),
          () => 0,
        );
        if (applied.applied) {
          this.state = { local: after.local, permissions, whoAmI, customization: after.customization };
          local = after.local;
          for (const entity of applied.needFull) needFull.add(entity);
          for (const entity of [...forced]) if (!local.entities.has(entity)) forced.delete(entity);
          reporter.log(formatCustomizationChange(offered.offer.version, change));
          customizationUpdate = { version: offered.offer.version, revision: offered.offer.revision, outcome: 'applied' };
        } else {
          await writePendingCustomization(db, this.pendingOf(offered, 'uploads-failed'));
          customizationUpdate = { version: offered.offer.version, revision: offered.offer.revision, outcome: 'waiting' };
          reporter.warn({
            code: 'CUSTOMIZATION_UPDATE_BLOCKED',
            message: `The customization update (revision ${offered.offer.revision}) waits: ${applied.pendingChanges} local change${applied.pendingChanges === 1 ? ' is' : 's are'} not on the server and ${applied.syncErrors} sync error${applied.syncErrors === 1 ? '' : 's'} wait${applied.syncErrors === 1 ? 's' : ''}; resolve them and sync again`,
          });
        }
      }
      if (controlSeen && !dueUnhandled && !due) await writeLastSyncStart(db, startedAt);
      if (forcedFullSync && resultKind === 'incremental') resultKind = 'full';

      const settings = (this.state ?? prepared).customization.settings;
      const order = orderParentsFirst(local.schema, [...local.entities.keys()]).filter((name) => {
        const entity = local.entities.get(name);
        if (!entity || entity.config.uploadOnly) return false;
        // Entities the user may not read are not downloaded.
        return (permissions.entities[name]?.read ?? 'none') !== 'none';
      });
      const analyzed = await measure(
        'analyze',
        () => runAnalyze({ db, connector, local, settings, reporter, order, forced, schemaChanged: needFull }),
        (value) => value.length,
      );
      decisions.push(...analyzed);
      const removed: RemovedRecords = new Map();
      const onRemoved = (entity: string, ids: readonly string[]) => noteRemoved(removed, entity, ids);
      const downloadContext: DownloadContext = { db, connector, local, settings, clock: this.clock, reporter, signal, gate: this.gate, syncStart: startedAt, onRemoved, ...(onSyncPoint ? { onSyncPoint } : {}) };
      let restored = 0;
      entityFigures.push(
        ...(await measure(
          'download',
          async () => {
            const downloaded = await runDownloads(downloadContext, analyzed, { staged: options.staged === true });
            // Parents back on the device bring back the children cleanup removed with them (decision 101).
            restored = await restoreChildren({ ...downloadContext, downloaded: new Set(order) });
            return downloaded;
          },
          (value) => value.reduce((sum, item) => sum + item.downloaded, restored),
        )),
      );
      figures.downloaded = entityFigures.reduce((sum, item) => sum + item.downloaded, restored);
      figures.deleted = entityFigures.reduce((sum, item) => sum + item.removed, 0);
      const cleaned = await measure(
        'cleanup',
        () =>
          runCleanup({
            db,
            local,
            clock: this.clock,
            whoAmI,
            reporter,
            incremental: new Set(entityFigures.filter((item) => item.mode === 'incremental').map((item) => item.entity)),
            removed,
          }),
        (value) => value,
      );
      figures.deleted += cleaned;
      if (channel && forcedRun) {
        // The forced full sync ran to its end: tell the administrator.
        await this.completeCommand(channel, forcedRun.commandId, reporter);
        await writeLastForcedCommand(db, forcedRun.commandId);
        await writeForcedRun(db, undefined);
      }
    } catch (error) {
      if (error instanceof SyncStop && error.reason === 'upload-only') {
        uploadOnly = true;
      } else if (error instanceof SyncStop || (channel && FieldsyncError.is(error, 'DEVICE_REVOKED'))) {
        wiped = true;
        failure = await this.wipeByOrder(channel as DeviceChannel, error instanceof SyncStop ? error.control : undefined, reporter);
      } else if (error instanceof SyncCancelledError) {
        cancelled = true;
        failure = { code: error.code, message: error.message };
        reporter.log('<SyncCancelled />');
      } else {
        failure = FieldsyncError.is(error) ? { code: error.code, message: error.message } : { code: 'UNEXPECTED', message: error instanceof Error ? error.message : String(error) };
        reporter.log(`<SyncFailed Code="${failure.code}" Message="${failure.message.replace(/"/g, "'")}" />`);
      }
    }
    const endedAt = this.now();
    const durationMs = Math.round(performance.now() - started);
    if (channel) {
      const type = uploadOnly ? 'upload-only' : resultKind !== 'incremental' || (decisions.length > 0 && decisions.every((decision) => decision.mode === 'full')) ? 'full' : 'incremental';
      await reportSync(channel, { syncId, startedAt, endedAt, durationMs, type, failed: failure !== undefined, cancelled, ...(failure ? { error: failure } : {}), ...figures }, log, reporter.warn);
    }
    const result: SyncResult = {
      syncId,
      result: failure ? 'failed' : warnings.length > 0 ? 'warnings' : 'ok',
      kind: resultKind,
      ...(failure ? { error: failure } : {}),
      warnings,
      ...figures,
      durationMs,
      startedAt,
      decisions,
      entities: entityFigures,
      steps,
      log,
      ...(wiped ? { wiped: true } : {}),
      ...(cancelled ? { cancelled: true } : {}),
      ...(customizationUpdate ? { customizationUpdate } : {}),
      ...(forcedFullSync ? { forcedFullSync } : {}),
    };
    if (logRow && !wiped) {
      await db
        .updateTable(SYSTEM_TABLES.log)
        .set({ ended_at: endedAt, result: result.result, summary: JSON.stringify(result), lines: log.join('\n') })
        .where('id', '=', logRow.id)
        .execute()
        .catch(() => undefined);
    }
    reporter.progress({ step: 'finish', done: 1, total: 1 });
    return result;
  }

  /**
   * Erases the device on the administrator's order (or because the bridge revoked it) and reports the
   * wipe commands done when the channel still answers. Returns the sync's failure.
   */
  private async wipeByOrder(channel: DeviceChannel, control: DeviceControlState | undefined, reporter: SyncReporter): Promise<{ code: string; message: string }> {
    await this.wipeData();
    reporter.log('<DeviceWiped />');
    for (const command of control?.pendingCommands ?? []) {
      if (command.kind === 'wipe') await this.completeCommand(channel, command.id, reporter);
    }
    const error = new DeviceWipedError();
    return { code: error.code, message: error.message };
  }

  /** Reports a command carried out; a failure to report is a warning (the bridge sees the command stay open). */
  private async completeCommand(channel: DeviceChannel, commandId: string, reporter: SyncReporter): Promise<void> {
    try {
      await channel.completeCommand(commandId, { ok: true });
      reporter.log(`<CommandDone Id="${commandId}" />`);
    } catch (error) {
      reporter.warn({ code: 'COMMAND_REPORT_FAILED', message: `command ${commandId} was carried out but could not be reported: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  private pendingOf(offered: OfferedUpdate, reason: 'background-sync' | 'uploads-failed') {
    const { offer } = offered;
    return {
      version: offer.version,
      revision: offer.revision,
      ...(offer.minAppVersion ? { minAppVersion: offer.minAppVersion } : {}),
      settingsReadOnly: offer.settingsReadOnly,
      reason,
      receivedAt: this.now(),
      document: offered.document,
    };
  }

  /** The offer is the customization the device has: keep its facts (settingsReadOnly is not part of the version) and drop a stale waiting update. */
  private async refreshAppliedOffer(offer: OfferedUpdate['offer']): Promise<void> {
    const db = this.options.db;
    const applied = await readAppliedOffer(db);
    if (!applied || applied.revision !== offer.revision || applied.settingsReadOnly !== offer.settingsReadOnly || applied.minAppVersion !== offer.minAppVersion) {
      await writeAppliedOffer(db, offer, this.now());
    }
    if (await readPendingCustomization(db)) await writePendingCustomization(db, undefined);
  }

  /** WhoAmI, the schema of the entities named (all when absent) and the permissions. */
  private async fetchServer(connector: CrmConnector, entities: readonly string[] | undefined): Promise<ServerState> {
    const whoAmI = await connector.whoAmI();
    const schema = await connector.describe(entities);
    const permissions = await connector.permissions();
    return { whoAmI, schema, permissions };
  }

  /** A device's first customization from the channel: tables created and everything stored in one transaction. */
  private async applyFirstCustomization(offered: OfferedUpdate, server: ServerState): Promise<DeviceState & { needFull: string[] }> {
    const after = { local: buildLocalSchema(server.schema, offered.customization), customization: offered.customization };
    const applied = await applyCustomizationUpdate(this.options.db, {
      after,
      offer: offered.offer,
      permissions: server.permissions,
      whoAmI: server.whoAmI,
      now: this.now(),
      ...(this.options.testHooks?.onCustomizationStep ? { onStep: this.options.testHooks.onCustomizationStep } : {}),
    });
    this.state = { ...after, permissions: server.permissions, whoAmI: server.whoAmI };
    return { ...this.state, needFull: applied.applied ? [...applied.needFull] : [] };
  }

  /**
   * Signs in, learns who the user is, what the server describes and what the user may do; sets the
   * local schema up (in one transaction: a customization the tables cannot take changes nothing).
   * A reset clears the entities named (all with `true`) but keeps records with unsent changes.
   * `server` is what this sync already fetched (with a channel, for a customization update).
   */
  private async prepare(
    connector: CrmConnector,
    reset: boolean | readonly string[] | undefined,
    server?: ServerState,
  ): Promise<DeviceState & { needFull: string[] }> {
    const db = this.options.db;
    const whoAmI = server?.whoAmI ?? (await connector.whoAmI());
    const stored = await readMeta<Customization>(db, 'customization');
    const wanted = this.options.customization ?? stored;
    const serverSchema = server?.schema ?? (await connector.describe(wanted ? wanted.entities.map((entity) => entity.entity) : undefined));
    const customization = wanted ?? parseCustomization({ entities: serverSchema.entities.map((entity) => ({ entity: entity.name })) }, serverSchema).customization;
    const permissions = server?.permissions ?? (await connector.permissions());
    const local = buildLocalSchema(serverSchema, customization);
    let needFull: string[] = [];
    await db.transaction().execute(async (trx) => {
      // Staging tables left by an interrupted staged sync hold nothing the live tables need.
      await dropStages(trx, local);
      needFull = await ensureEntityTables(trx, local);
      if (stored && stored.version !== customization.version) {
        // Entities whose filter or fields changed are downloaded again in full.
        for (const config of customization.entities) {
          const before = stored.entities.find((entity) => entity.entity === config.entity);
          if (!before || JSON.stringify(before.filter) !== JSON.stringify(config.filter) || JSON.stringify(before.fields) !== JSON.stringify(config.fields)) needFull.push(config.entity);
        }
      }
      if (reset) {
        const entities = reset === true ? [...local.entities.keys()] : [...reset];
        for (const entity of entities) {
          const schema = local.entities.get(entity)?.schema;
          if (!schema) continue;
          await trx
            .deleteFrom(entity)
            .where(schema.primaryKey, 'not in', trx.selectFrom(SYSTEM_TABLES.change).select('record_id').where('entity', '=', entity))
            .execute();
        }
        await clearAnchors(trx, entities);
      }
      await writeMeta(trx, 'customization', customization);
      await writeMeta(trx, 'schema', local.schema);
      await writeMeta(trx, 'permissions', permissions);
      await writeMeta(trx, 'whoami', whoAmI);
    });
    this.state = { local, permissions, whoAmI, customization };
    return { ...this.state, needFull: [...new Set(needFull)] };
  }
}

/**
 * Sets the engine up over the app's database (creating the system tables) and returns it. Throws
 * {@link InvalidEngineOptionsError} for a `channel` together with a `customization` (the channel gives
 * the customization), an `appVersion` that is not a semantic version, or a `changeLogPageSize` that is
 * not a whole number of at least 1.
 */
export async function openSyncEngine(options: SyncEngineOptions): Promise<SyncEngine> {
  if (options.channel && options.customization) {
    throw new InvalidEngineOptionsError('customization', 'a device with a channel takes its customization from the channel; leave the customization option out');
  }
  if (options.appVersion !== undefined && !isAppVersion(options.appVersion)) {
    throw new InvalidEngineOptionsError('appVersion', `'${options.appVersion}' is not a version of the form major.minor.patch`);
  }
  if (options.changeLogPageSize !== undefined && (!Number.isInteger(options.changeLogPageSize) || options.changeLogPageSize < 1)) {
    throw new InvalidEngineOptionsError('changeLogPageSize', `${String(options.changeLogPageSize)} is not a whole number of at least 1`);
  }
  await options.db.transaction().execute(async (trx) => {
    await ensureSystemTables(trx);
    const format = await readMeta<string>(trx, 'format');
    if (format === undefined) await writeMeta(trx, 'format', LOCAL_FORMAT);
  });
  return new SyncEngine(options);
}
