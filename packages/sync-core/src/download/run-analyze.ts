import type { CrmConnector } from '@fieldsync/connector-api';
import type { AppSettings } from '@fieldsync/model';
import type { SyncReporter } from '../engine/sync-reporter';
import type { LocalDb } from '../local-store/local-db';
import type { LocalSchema } from '../local-store/local-schema';
import { analyzeEntity, formatDecision, type AnalyzerDecision } from './analyze-entity';
import { readAnchor } from './anchor-store';

/** True when the admin's forced-full-sync date is after the entity's last full download started. */
export function forcedByCustomization(forceFullSync: string | undefined, lastFullSyncStart: string | undefined): boolean {
  if (!forceFullSync) return false;
  return lastFullSyncStart === undefined || Date.parse(lastFullSyncStart) < Date.parse(forceFullSync);
}

/**
 * The analyze step: one decision per downloadable entity, in the order given (parents first), each
 * logged in the seed's form. `forced` are the entities asked for in full, `schemaChanged` those whose
 * tables gained columns.
 */
export async function runAnalyze(input: {
  db: LocalDb;
  /** Counts the entities (the connector, or a sync plan's counts in front of it). */
  connector: Pick<CrmConnector, 'count'>;
  local: LocalSchema;
  settings: AppSettings;
  reporter: SyncReporter;
  order: readonly string[];
  forced: ReadonlySet<string>;
  schemaChanged: ReadonlySet<string>;
}): Promise<AnalyzerDecision[]> {
  const decisions: AnalyzerDecision[] = [];
  for (const name of input.order) {
    const entity = input.local.entities.get(name);
    if (!entity) continue;
    const anchor = await readAnchor(input.db, name);
    const decision = await analyzeEntity({
      connector: input.connector,
      entity: name,
      anchor,
      ...(entity.config.filter?.where ? { filter: entity.config.filter.where } : {}),
      forced: input.forced.has(name) || forcedByCustomization(entity.config.forceFullSync, anchor.lastFullSyncStart),
      schemaChanged: input.schemaChanged.has(name),
      analyzerDisabled: input.settings.DisableSyncAnalyzer,
    });
    decisions.push(decision);
    input.reporter.log(formatDecision(decision));
  }
  return decisions;
}
