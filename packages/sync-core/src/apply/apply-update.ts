import type { WhoAmI } from '@fieldsync/connector-api';
import type { Clock } from '@fieldsync/model';
import { runCleanup } from '../cleanup/run-cleanup';
import type { SyncReporter } from '../engine/sync-reporter';
import { NoStagedUpdateError } from '../errors/apply-update-errors';
import { writeMeta } from '../local-store/device-meta';
import type { LocalDb } from '../local-store/local-db';
import type { LocalSchema } from '../local-store/local-schema';
import { swapStaged } from '../staging/stage-tables';
import { clearStagedUpdate, readStagedUpdate, type StagedUpdate, type StagedUpdateCounts } from '../staging/staged-update';
import type { WriteGate } from '../writes/write-gate';
import { applyStampOf, queueApplyStamp } from './apply-stamps';
import type { RebaseFigures } from './rebase-local-edits';

/** What {@link applyStagedUpdate} needs: the device database and what it knows of itself. */
export interface ApplyUpdateContext {
  readonly db: LocalDb;
  readonly local: LocalSchema;
  readonly whoAmI: WhoAmI;
  readonly clock: Clock;
  readonly gate: WriteGate;
  readonly reporter: SyncReporter;
  /** Crash tests: called inside the apply's transaction after each staged entity is swapped in. */
  readonly onApplyPoint?: (point: { entity: string; index: number }) => void | Promise<void>;
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
  readonly durationMs: number;
}

/**
 * Apply Update: swaps the waiting staged update in with one transaction. Lets a waiting app write go
 * first, then rebases the device's edits onto each stage, renames it over its live table, writes its
 * anchor, runs the cleanup of the records the staged download removed or that left their filter,
 * records "current as of", queues the "updates applied" stamp for the bridge and forgets the staged
 * update. A crash anywhere inside leaves the device as
 * before (the update still waits); nothing waits for an upload. Throws {@link NoStagedUpdateError}
 * when none waits.
 */
export async function applyStagedUpdate(ctx: ApplyUpdateContext): Promise<AppliedUpdate> {
  const started = performance.now();
  const startedAt = new Date(ctx.clock.now()).toISOString();
  await ctx.gate.whenNoWriterWaiting();
  return ctx.db.transaction().execute(async (trx) => {
    const update: StagedUpdate | undefined = await readStagedUpdate(trx);
    if (!update) throw new NoStagedUpdateError();
    let rebased: RebaseFigures = { merged: 0, kept: 0, keptDeleted: 0 };
    for (const [index, staged] of update.entities.entries()) {
      const figures = await swapStaged(trx, ctx.local, [staged]);
      rebased = { merged: rebased.merged + figures.merged, kept: rebased.kept + figures.kept, keptDeleted: rebased.keptDeleted + figures.keptDeleted };
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
    await writeMeta(trx, 'current_as_of', update.syncStartedAt);
    await clearStagedUpdate(trx);
    const durationMs = Math.round(performance.now() - started);
    ctx.reporter.log(
      `<ApplyUpdate Entities="${update.entities.length}" Changed="${update.counts.changed}" Merged="${rebased.merged}" Kept="${rebased.kept}" Ms="${durationMs}" />`,
    );
    const applied: AppliedUpdate = {
      syncId: update.syncId,
      receivedAt: update.receivedAt,
      appliedAt: new Date(ctx.clock.now()).toISOString(),
      counts: update.counts,
      rebased,
      cleaned,
      durationMs,
    };
    await queueApplyStamp(trx, applyStampOf(applied, startedAt));
    return applied;
  });
}
