import { restoreChildren } from '../../cleanup/restore-children';
import { writeMeta } from '../../local-store/device-meta';
import { applyStaged } from '../../staging/apply-staged';
import { clearStagingProgress, readStagingProgress } from '../../staging/staging-progress';
import { writeStagedUpdate, type StagedMetadata, type StagedUpdate } from '../../staging/staged-update';
import { downloadContextOf } from '../download-context-of';
import type { SyncPhase } from '../sync-phase';
import type { SyncRunState } from '../sync-run-state';

/**
 * Apply: what the download received goes live, or, for a staged (non-blocking) sync, waits for Apply
 * Update. A staged download that changed something is recorded as the staged update ("updates
 * available", with the time received and the counts) and the live tables stay as they were; one that
 * changed nothing (and brought no customization update), or runs an administrator's forced full sync,
 * is swapped in at once. A customization offered in the staged sync is staged with the data. Then parents
 * back on the device bring back the children cleanup removed with them (decision 101). Closes the
 * download step of the sync log, which counts both.
 */
export const applyPhase: SyncPhase = {
  name: 'apply',
  async run(ctx, state) {
    const download = state.download;
    if (!download) throw new Error('the download phase did not run');
    const changed = download.figures.reduce((sum, item) => sum + item.downloaded, 0);
    const deleted = download.figures.reduce((sum, item) => sum + item.removed, 0);
    const metadata = stagedMetadataOf(state);
    const progress = await readStagingProgress(ctx.db);
    if (!state.forcedRun && ((download.staged.length > 0 && changed + deleted > 0) || metadata)) {
      const update: StagedUpdate = {
        syncId: ctx.syncId,
        // A staging resumed from a cut sync is current as of the sync that began it.
        syncStartedAt: [ctx.startedAt, ...Object.values(progress).map((item) => item.startedAt)].sort()[0],
        receivedAt: ctx.now(),
        counts: { entities: download.staged.length, changed, removed: deleted },
        entities: download.staged,
        incremental: download.figures.filter((item) => item.mode === 'incremental').map((item) => item.entity),
        removed: Object.fromEntries([...state.removed].map(([entity, ids]) => [entity, [...ids]])),
        ...(metadata ? { metadata } : {}),
      };
      await ctx.db.transaction().execute(async (trx) => {
        await writeStagedUpdate(trx, update);
        await clearStagingProgress(trx);
      });
      const revision = metadata ? ` CustomizationRevision="${metadata.offer.revision}"` : '';
      ctx.reporter.log(`<UpdatesAvailable Entities="${update.counts.entities}" Changed="${changed}" Removed="${deleted}"${revision} />`);
      download.step.end(changed);
      return { ...state, entities: download.figures, stagedUpdate: update, figures: { ...state.figures, downloaded: changed, deleted } };
    }
    const downloadContext = downloadContextOf(ctx, state);
    await applyStaged(downloadContext, download.staged);
    if (Object.keys(progress).length > 0) await clearStagingProgress(ctx.db);
    const restored = await restoreChildren({ ...downloadContext, downloaded: new Set(state.order) });
    await writeMeta(ctx.db, 'current_as_of', ctx.startedAt);
    const downloaded = changed + restored;
    download.step.end(downloaded);
    return { ...state, entities: download.figures, figures: { ...state.figures, downloaded, deleted } };
  },
};

/** The customization update a staged sync holds for Apply Update, with the server facts it was checked against. */
function stagedMetadataOf(state: SyncRunState): StagedMetadata | undefined {
  const { stagedOffer, server } = state;
  if (!stagedOffer || !server) return undefined;
  return {
    offer: stagedOffer.offer,
    document: stagedOffer.document,
    customization: stagedOffer.customization,
    schema: server.schema,
    permissions: server.permissions,
    whoAmI: server.whoAmI,
  };
}
