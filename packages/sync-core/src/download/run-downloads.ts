import { toAnchor } from '@fieldsync/model';
import type { StagedEntity } from '../staging/apply-staged';
import type { AnalyzerDecision } from './analyze-entity';
import { readAnchor, type EntityAnchor } from './anchor-store';
import type { DownloadContext, EntityDownloadFigures } from './download-context';
import { applySharingChanges, downloadEntity } from './download-entity';

/** What {@link runDownloads} did: each entity's figures, and the entities downloaded into staging tables. */
export interface DownloadOutcome {
  readonly figures: EntityDownloadFigures[];
  /** With `staged`: the entities whose staging tables are complete, for `applyStaged` to swap in. */
  readonly staged: readonly StagedEntity[];
}

/**
 * The download step: the entities the analyzer did not skip, in its (parents-first) order, several at
 * once (`DownloadConcurrency`, one with `MultiThreadSync` off). With `staged`, every entity goes to its
 * staging table and the outcome names them: `applyStaged` swaps them all in by one transaction. Backends
 * that report sharing apart from changes get the SyncShared pass after an incremental download.
 */
export async function runDownloads(ctx: DownloadContext, decisions: readonly AnalyzerDecision[], options: { staged: boolean }): Promise<DownloadOutcome> {
  const { connector, local, settings, reporter } = ctx;
  const queue = decisions.filter((decision) => decision.mode !== 'skip');
  const workers = settings.MultiThreadSync ? Math.max(1, settings.DownloadConcurrency) : 1;
  const figures: EntityDownloadFigures[] = [];
  const stagedAnchors: StagedEntity[] = [];
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
  return { figures, staged: stagedAnchors };
}
