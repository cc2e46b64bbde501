import type { EntityAnchor } from '../download/anchor-store';
import type { DownloadContext } from '../download/download-context';
import { dropRetiredTables, swapStaged } from './stage-tables';

/** An entity downloaded completely into its staging table, and the anchor its live table takes on the swap. */
export interface StagedEntity {
  readonly entity: string;
  readonly anchor: EntityAnchor;
}

/**
 * The apply step of a staged (non-blocking) sync: waits until no app write is waiting, then swaps every
 * staged entity into its live table and advances its anchor in one short transaction (the replaced
 * tables are dropped afterwards, in short steps). Reports `apply`
 * progress and logs `<ApplyStaged Entities="3" Ms="12" />`. Does nothing when nothing was staged.
 */
export async function applyStaged(ctx: Pick<DownloadContext, 'db' | 'local' | 'reporter' | 'gate'>, staged: readonly StagedEntity[]): Promise<void> {
  if (staged.length === 0) return;
  const started = performance.now();
  ctx.reporter.progress({ step: 'apply', done: 0, total: staged.length });
  await ctx.gate.whenNoWriterWaiting();
  await ctx.db.transaction().execute((trx) => swapStaged(trx, ctx.local, staged));
  await dropRetiredTables(
    ctx.db,
    ctx.gate,
    staged.map((item) => item.entity),
  );
  ctx.reporter.progress({ step: 'apply', done: staged.length, total: staged.length });
  ctx.reporter.log(`<ApplyStaged Entities="${staged.length}" Ms="${Math.round(performance.now() - started)}" />`);
}
