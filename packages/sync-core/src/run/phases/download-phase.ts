import { runDownloads } from '../../download/run-downloads';
import { downloadContextOf } from '../download-context-of';
import type { SyncPhase } from '../sync-phase';

/**
 * Download: per entity the analyzer did not skip, parents first, pages, a few entities at once; one
 * transaction per page slice, records changed locally never overwritten, an entity's anchor advanced
 * only when its download commits. A staged sync downloads into staging tables. The download step of
 * the sync log stays open: the apply phase closes it.
 */
export const downloadPhase: SyncPhase = {
  name: 'download',
  async run(ctx, state) {
    const step = await ctx.beginStep('download');
    const downloaded = await runDownloads(downloadContextOf(ctx, state), state.decisions, { staged: ctx.options.staged === true });
    return { ...state, download: { figures: downloaded.figures, staged: downloaded.staged, step } };
  },
};
