import type { WhoAmI } from '@fieldsync/connector-api';
import type { Clock, Customization } from '@fieldsync/model';
import { applyCustomizationUpdateIn } from '../customization-update/apply-customization-update';
import { writePendingCustomization } from '../customization-update/customization-offer-store';
import { describeCustomizationChange } from '../customization-update/customization-change';
import type { DeviceState } from '../local-database/device-state';
import { buildLocalSchema } from '../local-store/local-schema';
import { pendingOf } from '../run/offered-update';
import { runCleanup } from '../cleanup/run-cleanup';
import type { SyncReporter } from '../engine/sync-reporter';
import { NoStagedUpdateError } from '../errors/apply-update-errors';
import { readMeta, writeMeta } from '../local-store/device-meta';
import type { LocalDb, LocalExecutor } from '../local-store/local-db';
import type { LocalSchema } from '../local-store/local-schema';
import { yieldToEventLoop } from '../scheduling/yield-to-event-loop';
import { dropRetiredTables, stageTableOf, swapStaged } from '../staging/stage-tables';
import { clearStagedUpdate, readStagedUpdate, type StagedMetadata, type StagedUpdateCounts } from '../staging/staged-update';
import { forgetTouchedIds, touchedIds } from '../staging/touched-records';
import type { WriteGate } from '../writes/write-gate';
import { applyStampOf, queueApplyStamp } from './apply-stamps';
import { addRebaseFigures, queuedIds, rebaseRecords, type RebaseFigures } from './rebase-local-edits';

/** What {@link applyStagedUpdate} needs: the device database and what it knows of itself. */
export interface ApplyUpdateContext {
  readonly db: LocalDb;
  readonly local: LocalSchema;
  readonly whoAmI: WhoAmI;
  readonly clock: Clock;
  readonly gate: WriteGate;
  readonly reporter: SyncReporter;
  /** Crash tests: called inside the swap's transaction after each staged entity is swapped in. */
  readonly onApplyPoint?: (point: { entity: string; index: number }) => void | Promise<void>;
  /** Told the device's new schema, settings and permissions once a staged customization update is committed. */
  readonly rememberState?: (state: DeviceState) => void;
}

/** What one Apply Update did. */
export interface AppliedUpdate {
  /** The sync that staged the update. */
  readonly syncId: string;
  readonly receivedAt: string;
  /** When the apply committed (ISO, the clock's). */
  readonly appliedAt: string;
  readonly counts: StagedUpdateCounts;
  /** The device's edits rebased onto the staged rows: merged field by field, kept whole, kept deleted. */
  readonly rebased: RebaseFigures;
  /** Records the cleanup after the swap removed (out of their filter, children of removed records). */
  readonly cleaned: number;
  /**
   * The staged customization update (schema, settings, permissions), if the update held one: `applied`
   * with the data, or `waiting` (kept as the pending customization, reason `uploads-failed`) when it
   * reshapes the tables while local changes or sync errors are not on the server.
   */
  readonly customizationUpdate?: { readonly version: string; readonly revision: number; readonly outcome: 'applied' | 'waiting' };
  /** Milliseconds from the call until the new data was live (the swap committed). */
  readonly liveMs: number;
  /** Milliseconds of the whole apply, the replaced tables' drop included. */
  readonly durationMs: number;
}

/** Records rebased per short transaction before the swap. */
const PRE_REBASE_RECORDS = 200;

/**
 * Apply Update, in three parts so that an app write never waits long: first the device's edits are
 * rebased onto the stages in short transactions ({@link rebaseRecords}; each lets a waiting app write
 * go first, and the records it covered are no longer noted as touched); then one short transaction
 * rebases what was written meanwhile, renames each stage over its live table, writes the anchors, runs
 * the cleanup of the records the staged download removed or that left their filter, records "current
 * as of", queues the "updates applied" stamp and forgets the staged update; last, the replaced tables
 * are dropped in short steps. A crash in the first part leaves stages that are rebased again at the
 * next apply; in the second, nothing applied (the update still waits); in the third, a replaced table
 * that the next sync or apply drops. Nothing waits for an upload. Throws {@link NoStagedUpdateError}
 * when none waits (or another sync replaced it meanwhile).
 */
export async function applyStagedUpdate(ctx: ApplyUpdateContext): Promise<AppliedUpdate> {
  const started = performance.now();
  const startedAt = new Date(ctx.clock.now()).toISOString();
  const first = await readStagedUpdate(ctx.db);
  if (!first) throw new NoStagedUpdateError();
  const sameUpdate = async (trx: LocalExecutor) => {
    const update = await readStagedUpdate(trx);
    if (!update || update.syncId !== first.syncId) throw new NoStagedUpdateError();
    return update;
  };
  let rebased: RebaseFigures = { merged: 0, kept: 0, keptDeleted: 0 };
  for (const { entity } of first.entities) {
    const schema = ctx.local.entities.get(entity)?.schema;
    if (!schema) continue;
    const ids = [...new Set([...(await queuedIds(ctx.db, entity)), ...(await touchedIds(ctx.db, entity))])];
    for (let start = 0; start < ids.length; start += PRE_REBASE_RECORDS) {
      const chunk = ids.slice(start, start + PRE_REBASE_RECORDS);
      await ctx.gate.whenNoWriterWaiting();
      const figures = await ctx.db.transaction().execute(async (trx) => {
        await sameUpdate(trx);
        const done = await rebaseRecords(trx, schema, stageTableOf(entity), chunk);
        await forgetTouchedIds(trx, entity, chunk);
        return done;
      });
      rebased = addRebaseFigures(rebased, figures);
      await yieldToEventLoop();
    }
  }
  await ctx.gate.whenNoWriterWaiting();
  const applied: AppliedUpdate = await ctx.db
    .transaction()
    .execute(async (trx) => {
      const update = await sameUpdate(trx);
      for (const [index, staged] of update.entities.entries()) {
        // Only what was written since the rebase above: a record rebased again comes out the same.
        rebased = addRebaseFigures(rebased, await swapStaged(trx, ctx.local, [staged], 'touched'));
        await ctx.onApplyPoint?.({ entity: staged.entity, index });
      }
      const cleaned = await runCleanup({
        db: trx,
        local: ctx.local,
        clock: ctx.clock,
        whoAmI: ctx.whoAmI,
        reporter: ctx.reporter,
        incremental: new Set(update.incremental),
        removed: new Map(Object.entries(update.removed).map(([entity, ids]) => [entity, new Set(ids)])),
      });
      const metadata = update.metadata ? await applyStagedMetadata(trx, ctx, update.metadata) : undefined;
      await writeMeta(trx, 'current_as_of', update.syncStartedAt);
      await clearStagedUpdate(trx);
      const result: AppliedUpdate = {
        syncId: update.syncId,
        receivedAt: update.receivedAt,
        appliedAt: new Date(ctx.clock.now()).toISOString(),
        counts: update.counts,
        rebased,
        cleaned,
        ...(metadata ? { customizationUpdate: metadata.outcome } : {}),
        liveMs: Math.round(performance.now() - started),
        durationMs: Math.round(performance.now() - started),
      };
      await queueApplyStamp(trx, applyStampOf(result, startedAt));
      return { result, device: metadata?.device };
    })
    .then(({ result, device }) => {
      if (device) ctx.rememberState?.(device);
      return result;
    });
  await dropRetiredTables(
    ctx.db,
    ctx.gate,
    first.entities.map((item) => item.entity),
  );
  const durationMs = Math.round(performance.now() - started);
  ctx.reporter.log(
    `<ApplyUpdate Entities="${applied.counts.entities}" Changed="${applied.counts.changed}" Merged="${applied.rebased.merged}" Kept="${applied.rebased.kept}" Ms="${durationMs}" />`,
  );
  return { ...applied, durationMs };
}

/**
 * Takes a staged customization update in the swap's transaction, after the data: the tables migrated
 * and the customization, schema, permissions and offer stored, so that a crash leaves neither half.
 * One that reshapes the tables while local changes or sync errors are not on the server waits, as in a
 * foreground sync (the pending customization, reason `uploads-failed`).
 */
async function applyStagedMetadata(
  trx: LocalExecutor,
  ctx: ApplyUpdateContext,
  metadata: StagedMetadata,
): Promise<{ outcome: NonNullable<AppliedUpdate['customizationUpdate']>; device?: DeviceState }> {
  const { version, revision } = metadata.offer;
  const now = new Date(ctx.clock.now()).toISOString();
  const customization = await readMeta<Customization>(trx, 'customization');
  const before = customization ? { local: ctx.local, customization } : undefined;
  const after = { local: buildLocalSchema(metadata.schema, metadata.customization), customization: metadata.customization };
  const change = before ? describeCustomizationChange(before, after) : undefined;
  const applied = await applyCustomizationUpdateIn(trx, {
    ...(before ? { before } : {}),
    after,
    ...(change ? { change } : {}),
    offer: metadata.offer,
    permissions: metadata.permissions,
    whoAmI: metadata.whoAmI,
    now,
  });
  if (!applied.applied) {
    await writePendingCustomization(trx, pendingOf(metadata, 'uploads-failed', now));
    ctx.reporter.warn({
      code: 'CUSTOMIZATION_UPDATE_BLOCKED',
      message: `The customization update (revision ${revision}) waits: ${applied.pendingChanges} local change(s) not on the server and ${applied.syncErrors} sync error(s); resolve them and sync again`,
    });
    return { outcome: { version, revision, outcome: 'waiting' } };
  }
  const device: DeviceState = { local: after.local, permissions: metadata.permissions, whoAmI: metadata.whoAmI, customization: metadata.customization };
  return { outcome: { version, revision, outcome: 'applied' }, device };
}
