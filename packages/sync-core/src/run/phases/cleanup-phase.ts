import { runCleanup } from '../../cleanup/run-cleanup';
import { writeForcedRun, writeLastForcedCommand } from '../../device-control/device-control-store';
import { completeCommand } from '../complete-command';
import type { SyncPhase } from '../sync-phase';
import { endingOf, endRun, preparedDevice } from '../sync-run-state';

/**
 * Cleanup: records that left the sync filter (time-dependent filters too) and orphans. An
 * administrator's forced full sync that ran to its end here is reported done and forgotten. After a
 * staged download kept for Apply Update, the live tables did not change: the cleanup runs with the apply.
 */
export const cleanupPhase: SyncPhase = {
  name: 'cleanup',
  async run(ctx, state) {
    if (state.stagedUpdate) return state;
    const { local, whoAmI } = preparedDevice(state);
    const cleaned = await ctx.measure(
      'cleanup',
      () =>
        runCleanup({
          db: ctx.db,
          local,
          clock: ctx.clock,
          whoAmI,
          reporter: ctx.reporter,
          incremental: new Set(state.entities.filter((item) => item.mode === 'incremental').map((item) => item.entity)),
          removed: state.removed,
        }),
      (value) => value,
    );
    const next = { ...state, figures: { ...state.figures, deleted: state.figures.deleted + cleaned } };
    if (ctx.channel && state.forcedRun) {
      try {
        // The forced full sync ran to its end: tell the administrator.
        await completeCommand(ctx.channel, state.forcedRun.commandId, ctx.reporter);
        await writeLastForcedCommand(ctx.db, state.forcedRun.commandId);
        await writeForcedRun(ctx.db, undefined);
      } catch (error) {
        // The cleanup's figures are kept in the report of the failed sync.
        return endRun(next, endingOf(error, true));
      }
    }
    return next;
  },
};
