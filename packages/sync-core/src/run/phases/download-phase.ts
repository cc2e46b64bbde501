import { runDownloads } from '../../download/run-downloads';
import { discardStagedUpdate } from '../../staging/discard-staged-update';
import { downloadContextOf } from '../download-context-of';
import type { SyncPhase } from '../sync-phase';
import { preparedDevice } from '../sync-run-state';

/**
 * Download: per entity the analyzer did not skip, parents first, pages, a few entities at once; one
 * transaction per page slice, records changed locally never overwritten, an entity's anchor advanced
 * only when its download commits. A staged sync downloads into staging tables. A staged update still
 * waiting for Apply Update is discarded first: this download reads again from the live anchors, so
 * it receives all that update held. The download step of the sync log stays open: the apply phase
 * closes it.
 */
export const downloadPhase: SyncPhase = {
  name: 'download',
  async run(ctx, state) {
    const step = await ctx.beginStep('download');
    if (await discardStagedUpdate(ctx.db, preparedDevice(state).local)) ctx.reporter.log('<StagedUpdateDiscarded Reason="superseded" />');
    const downloaded = await runDownloads(downloadContextOf(ctx, state), state.decisions, { staged: ctx.options.staged === true });
    return { ...state, download: { figures: downloaded.figures, staged: downloaded.staged, step } };
  },
};
