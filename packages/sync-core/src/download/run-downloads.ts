import { toAnchor } from '@fieldsync/model';
import { swapStaged } from '../staging/stage-tables';
import type { AnalyzerDecision } from './analyze-entity';
import { readAnchor, type EntityAnchor } from './anchor-store';
import type { DownloadContext, EntityDownloadFigures } from './download-context';
import { applySharingChanges, downloadEntity } from './download-entity';

/**
 * The download step: the entities the analyzer did not skip, in its (parents-first) order, several at
 * once (`DownloadConcurrency`, one with `MultiThreadSync` off). With `staged`, every entity goes to its
 * staging table and all are swapped in by one transaction at the end. Backends that report sharing
 * apart from changes get the SyncShared pass after an incremental download.
 */
export async function runDownloads(ctx: DownloadContext, decisions: readonly AnalyzerDecision[], options: { staged: boolean }): Promise<EntityDownloadFigures[]> {
  const { connector, local, settings, reporter } = ctx;
  const queue = decisions.filter((decision) => decision.mode !== 'skip');
  const workers = settings.MultiThreadSync ? Math.max(1, settings.DownloadConcurrency) : 1;
  const figures: EntityDownloadFigures[] = [];
  const stagedAnchors: Array<{ entity: string; anchor: EntityAnchor }> = [];
  let done = 0;
  reporter.progress({ step: 'download', done: 0, total: queue.length });
  const total = queue.length;
  const worker = async () => {
    for (let decision = queue.shift(); decision; decision = queue.shift()) {
      const entity = local.entities.get(decision.entity);
      if (!entity || decision.mode === 'skip') continue;
      const anchorBefore = (await readAnchor(ctx.db, decision.entity)).anchor;
      const name = decision.entity;
      const staging = options.staged ? { completed: (anchor: EntityAnchor) => void stagedAnchors.push({ entity: name, anchor }) } : undefined;
      const result = await downloadEntity(ctx, entity, decision.mode, staging);
      const sharingApart = connector.capabilities.sharedRecords && !connector.capabilities.visibilityChanges && connector.readSharingChanges;
      if (result.mode === 'incremental' && settings.SyncShared && anchorBefore && sharingApart && connector.readSharingChanges) {
        const changes = await connector.readSharingChanges({
          entity: name,
          since: toAnchor(anchorBefore),
          ...(entity.config.filter?.where ? { filter: entity.config.filter.where } : {}),
          fields: entity.schema.fields.map((field) => field.name),
        });
        const shared = await applySharingChanges(ctx, entity, changes);
        result.downloaded += shared.gained;
        result.removed += shared.lost;
      }
      figures.push(result);
      done += 1;
      reporter.progress({ step: 'download', entity: name, done, total });
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  if (options.staged && stagedAnchors.length > 0) {
    const started = performance.now();
    reporter.progress({ step: 'apply', done: 0, total: stagedAnchors.length });
    await ctx.gate.whenNoWriterWaiting();
    await ctx.db.transaction().execute((trx) => swapStaged(trx, local, stagedAnchors));
    reporter.progress({ step: 'apply', done: stagedAnchors.length, total: stagedAnchors.length });
    reporter.log(`<ApplyStaged Entities="${stagedAnchors.length}" Ms="${Math.round(performance.now() - started)}" />`);
  }
  return figures;
}
