import { FullResyncRequiredError, type CrmConnector } from '@fieldsync/connector-api';
import { FieldsyncError, toAnchor, type FilterNode } from '@fieldsync/model';
import type { EntityAnchor } from './anchor-store';

/** How one entity is downloaded in this sync. */
export type DownloadMode = 'full' | 'incremental' | 'skip';

/** The sync analyzer's decision for one entity and why. */
export interface AnalyzerDecision {
  readonly entity: string;
  readonly mode: DownloadMode;
  /** `first-sync`, `forced`, `partial`, `schema-changed`, `anchor-expired`, `analyzer-disabled`, `no-changes`, `changes-exceed-records`, `changes-fewer`. */
  readonly reason: string;
  /** Records changed since the anchor (`Inc`), when counted. */
  readonly changed?: number;
  /** Records that match the filter now (`Full`), when counted. */
  readonly matching?: number;
  readonly deleted?: number;
}

/**
 * Decides per entity between a full download, an incremental one and none (the seed's SyncAnalyzer):
 * full on the first sync, when forced, after an interrupted full download or a schema change, or when
 * more records changed than match the filter (a full read is then fewer pages); none when nothing
 * changed or was deleted; incremental otherwise. With the analyzer disabled, every entity with an
 * anchor is read incrementally.
 */
export async function analyzeEntity(input: {
  connector: Pick<CrmConnector, 'count'>;
  entity: string;
  anchor: EntityAnchor;
  filter?: FilterNode;
  forced: boolean;
  schemaChanged: boolean;
  analyzerDisabled: boolean;
}): Promise<AnalyzerDecision> {
  const { entity, anchor } = input;
  if (anchor.anchor === undefined)
    return {
      entity,
      mode: 'full',
      reason: anchor.state === 'partial' ? 'partial' : input.schemaChanged && anchor.generation > 0 ? 'schema-changed' : 'first-sync',
    };
  if (anchor.state === 'partial') return { entity, mode: 'full', reason: 'partial' };
  if (input.forced) return { entity, mode: 'full', reason: 'forced' };
  if (input.schemaChanged) return { entity, mode: 'full', reason: 'schema-changed' };
  if (input.analyzerDisabled) return { entity, mode: 'incremental', reason: 'analyzer-disabled' };
  try {
    const counts = await input.connector.count({ entity, ...(input.filter ? { filter: input.filter } : {}), since: toAnchor(anchor.anchor) });
    const changed = counts.changedSince ?? 0;
    const deleted = counts.deletedSince ?? 0;
    const figures = { changed, matching: counts.matching, deleted };
    if (changed === 0 && deleted === 0) return { entity, mode: 'skip', reason: 'no-changes', ...figures };
    if (changed > counts.matching) return { entity, mode: 'full', reason: 'changes-exceed-records', ...figures };
    return { entity, mode: 'incremental', reason: 'changes-fewer', ...figures };
  } catch (error) {
    if (error instanceof FullResyncRequiredError || FieldsyncError.is(error, 'FULL_RESYNC_REQUIRED')) return { entity, mode: 'full', reason: 'anchor-expired' };
    throw error;
  }
}

/** The seed's log line of a decision: `account Inc:1166 Full:34 -> FullSync`. */
export function formatDecision(decision: AnalyzerDecision): string {
  const mode = decision.mode === 'full' ? 'FullSync' : decision.mode === 'incremental' ? 'IncSync' : 'Skip';
  const counts = decision.changed !== undefined ? ` Inc:${decision.changed} Full:${decision.matching}` : '';
  return `${decision.entity}${counts} -> ${mode} (${decision.reason})`;
}
