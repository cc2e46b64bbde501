import type { CrmConnector, PermissionSet, WhoAmI } from '@fieldsync/connector-api';
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
import { runCleanup } from '../cleanup/run-cleanup';
import { noteRemoved, type RemovedRecords } from '../cleanup/removed-records';
import type { AnalyzerDecision } from '../download/analyze-entity';
import { runAnalyze } from '../download/run-analyze';
import { runDownloads } from '../download/run-downloads';
import { clearAnchors, readAnchor } from '../download/anchor-store';
import { dropStages } from '../staging/stage-tables';
import type { DownloadContext, EntityDownloadFigures } from '../download/download-context';
import { DeviceNotInitializedError, EntityNotSyncedError, SyncErrorNotFoundError, SyncInProgressError } from '../errors/sync-core-errors';
import { readMeta, writeMeta } from '../local-store/device-meta';
import { ensureEntityTables } from '../local-store/entity-tables';
import type { LocalDb } from '../local-store/local-db';
import { buildLocalSchema, type LocalSchema } from '../local-store/local-schema';
import { readDeviceSchema } from '../local-store/read-device-schema';
import { LOCAL_FORMAT, SYSTEM_TABLES, ensureSystemTables } from '../local-store/system-tables';
import { runUpload } from '../upload/run-upload';
import { checkMerged, resolveSyncError, type SyncErrorResolution } from '../upload/resolve-sync-error';
import { listSyncErrors, type SyncErrorEntry } from '../upload/sync-error-store';
import { DeviceRecords } from '../writes/device-records';
import { WriteGate } from '../writes/write-gate';
import { countCalls } from './counting-connector';
import type { DeviceStatus, EntityStatus } from './device-status';
import type { SyncEngineOptions, SyncOptions } from './sync-engine-options';
import type { SyncKind, SyncResult, StepFigures } from './sync-result';
import type { SyncReporter, SyncStep, SyncWarning } from './sync-reporter';

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
  private state?: DeviceState;

  constructor(private readonly options: SyncEngineOptions) {
    this.clock = options.clock ?? systemClock;
    this.records = new DeviceRecords({
      db: options.db,
      gate: this.gate,
      clock: this.clock,
      state: () => this.deviceState(),
      assertUsable: async () => undefined,
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
   * Runs one synchronization: prepare (sign-in, schema, permissions), upload, analyze, download,
   * cleanup. Never throws for a failure of the sync itself: the result says `failed` with the error,
   * the device stays usable and the next sync resumes. Throws {@link SyncInProgressError} when a sync runs.
   */
  async sync(options: SyncOptions = {}): Promise<SyncResult> {
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

  /** Every sync error waiting for the user. */
  async errors(): Promise<SyncErrorEntry[]> {
    return listSyncErrors(this.options.db);
  }

  /**
   * Resolves a sync error. `local`: the device's change goes up again with the next sync, over the
   * server's version. `server`: the change is dropped and the server's record taken. `{ merged }`: the
   * merged fields are stored and go up over the server's version. Throws {@link SyncErrorNotFoundError}.
   */
  async resolveError(errorId: number, resolution: SyncErrorResolution): Promise<void> {
    const { local } = await this.deviceState();
    const entry = (await this.errors()).find((candidate) => candidate.id === errorId);
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
    return {
      initialized: customization !== undefined,
      ...(whoAmI ? { userId: whoAmI.userId, userName: whoAmI.userName } : {}),
      ...(customization ? { customizationVersion: customization.version } : {}),
      pendingChanges,
      syncErrors,
      ...(last ? { lastSync: { startedAt: last.started_at as string, result: last.result as string } } : {}),
      entities,
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

  private async runSync(options: SyncOptions, kind: SyncKind): Promise<SyncResult> {
    const started = performance.now();
    const startedAt = new Date(this.clock.now()).toISOString();
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
    const measure = async <T>(step: SyncStep, work: () => Promise<T>, records: (value: T) => number): Promise<T> => {
      reporter.progress({ step, done: 0 });
      const stepStart = performance.now();
      const callsBefore = counting.calls();
      const value = await work();
      steps.push({ step, ms: Math.round(performance.now() - stepStart), records: records(value), serverCalls: counting.calls() - callsBefore });
      return value;
    };
    let failure: { code: string; message: string } | undefined;
    try {
      const prepared = await measure('prepare', () => this.prepare(connector, kind === 'reset' ? options.full : undefined), () => 0);
      const { local, whoAmI, permissions } = prepared;
      const upload = await measure('upload', () => runUpload({ db, connector, local, settings: prepared.customization.settings, clock: this.clock, reporter }), (value) => value.uploaded);
      Object.assign(figures, { uploaded: upload.uploaded, conflicts: upload.conflicts, errors: upload.errors, retries: upload.retries });

      const forced = new Set<string>(options.full === true ? [...local.entities.keys()] : options.full ? options.full : []);
      const settings = prepared.customization.settings;
      const order = orderParentsFirst(local.schema, [...local.entities.keys()]).filter((name) => {
        const entity = local.entities.get(name);
        if (!entity || entity.config.uploadOnly) return false;
        // Entities the user may not read are not downloaded.
        return (permissions.entities[name]?.read ?? 'none') !== 'none';
      });
      const analyzed = await measure(
        'analyze',
        () => runAnalyze({ db, connector, local, settings, reporter, order, forced, schemaChanged: new Set(prepared.needFull) }),
        (value) => value.length,
      );
      decisions.push(...analyzed);
      const removed: RemovedRecords = new Map();
      const onRemoved = (entity: string, ids: readonly string[]) => noteRemoved(removed, entity, ids);
      const downloadContext: DownloadContext = { db, connector, local, settings, clock: this.clock, reporter, gate: this.gate, syncStart: startedAt, onRemoved };
      entityFigures.push(
        ...(await measure('download', () => runDownloads(downloadContext, analyzed, { staged: options.staged === true }), (value) => value.reduce((sum, item) => sum + item.downloaded, 0))),
      );
      figures.downloaded = entityFigures.reduce((sum, item) => sum + item.downloaded, 0);
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
    } catch (error) {
      failure = FieldsyncError.is(error) ? { code: error.code, message: error.message } : { code: 'UNEXPECTED', message: error instanceof Error ? error.message : String(error) };
      reporter.log(`<SyncFailed Code="${failure.code}" Message="${failure.message.replace(/"/g, "'")}" />`);
    }
    const result: SyncResult = {
      result: failure ? 'failed' : warnings.length > 0 ? 'warnings' : 'ok',
      kind,
      ...(failure ? { error: failure } : {}),
      warnings,
      ...figures,
      durationMs: Math.round(performance.now() - started),
      startedAt,
      decisions,
      entities: entityFigures,
      steps,
      log,
    };
    if (logRow) {
      await db
        .updateTable(SYSTEM_TABLES.log)
        .set({ ended_at: new Date(this.clock.now()).toISOString(), result: result.result, summary: JSON.stringify(result), lines: log.join('\n') })
        .where('id', '=', logRow.id)
        .execute()
        .catch(() => undefined);
    }
    reporter.progress({ step: 'finish', done: 1, total: 1 });
    return result;
  }

  /**
   * Signs in, learns who the user is, what the server describes and what the user may do; sets the
   * local schema up (in one transaction: a customization the tables cannot take changes nothing).
   * A reset clears the entities named (all with `true`) but keeps records with unsent changes.
   */
  private async prepare(
    connector: CrmConnector,
    reset: boolean | readonly string[] | undefined,
  ): Promise<DeviceState & { needFull: string[] }> {
    const db = this.options.db;
    const whoAmI = await connector.whoAmI();
    const stored = await readMeta<Customization>(db, 'customization');
    const wanted = this.options.customization ?? stored;
    const serverSchema = await connector.describe(wanted ? wanted.entities.map((entity) => entity.entity) : undefined);
    const customization = wanted ?? parseCustomization({ entities: serverSchema.entities.map((entity) => ({ entity: entity.name })) }, serverSchema).customization;
    const permissions = await connector.permissions();
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

/** Sets the engine up over the app's database (creating the system tables) and returns it. */
export async function openSyncEngine(options: SyncEngineOptions): Promise<SyncEngine> {
  await options.db.transaction().execute(async (trx) => {
    await ensureSystemTables(trx);
    const format = await readMeta<string>(trx, 'format');
    if (format === undefined) await writeMeta(trx, 'format', LOCAL_FORMAT);
  });
  return new SyncEngine(options);
}
