import { restoreChildren } from '../../cleanup/restore-children';
import { applyStaged } from '../../staging/apply-staged';
import { downloadContextOf } from '../download-context-of';
import type { SyncPhase } from '../sync-phase';

/**
 * Apply: what the download received goes live. A staged sync swaps its staging tables in with one
 * short transaction ("Apply Update"); then parents back on the device bring back the children cleanup
 * removed with them (decision 101). Closes the download step of the sync log, which counts both.
 */
export const applyPhase: SyncPhase = {
  name: 'apply',
  async run(ctx, state) {
    const download = state.download;
    if (!download) throw new Error('the download phase did not run');
    const downloadContext = downloadContextOf(ctx, state);
    await applyStaged(downloadContext, download.staged);
    const restored = await restoreChildren({ ...downloadContext, downloaded: new Set(state.order) });
    const downloaded = download.figures.reduce((sum, item) => sum + item.downloaded, restored);
    download.step.end(downloaded);
    const deleted = download.figures.reduce((sum, item) => sum + item.removed, 0);
    return { ...state, entities: download.figures, figures: { ...state.figures, downloaded, deleted } };
  },
};
