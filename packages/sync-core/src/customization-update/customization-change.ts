import { canonicalJson, type Customization } from '@fieldsync/model';
import { tableColumns } from '../download/upsert-records';
import type { LocalSchema } from '../local-store/local-schema';

/** What a new customization changes in the device's data: tables, columns and sync filters. */
export interface CustomizationChange {
  /** Entities the new customization adds: new tables, downloaded in full. */
  readonly addedEntities: readonly string[];
  /** Entities it no longer synchronises: their tables are dropped. */
  readonly droppedEntities: readonly string[];
  /** Columns it adds to kept entities (those entities are downloaded in full). */
  readonly addedColumns: ReadonlyArray<{ readonly entity: string; readonly column: string }>;
  /** Columns of kept entities it no longer synchronises: dropped. */
  readonly droppedColumns: ReadonlyArray<{ readonly entity: string; readonly column: string }>;
  /** Kept entities whose sync filter changed (downloaded in full). */
  readonly refiltered: readonly string[];
  /**
   * True when the data schema and every sync filter stay as they are (only settings, conflict
   * policies, page sizes and the like change): such an update applies even while uploads failed.
   */
  readonly schemaIntact: boolean;
}

/** Compares the device's local schema and customization before and after an update. */
export function describeCustomizationChange(
  before: { readonly local: LocalSchema; readonly customization: Customization },
  after: { readonly local: LocalSchema; readonly customization: Customization },
): CustomizationChange {
  const addedEntities = [...after.local.entities.keys()].filter((entity) => !before.local.entities.has(entity));
  const droppedEntities = [...before.local.entities.keys()].filter((entity) => !after.local.entities.has(entity));
  const addedColumns: Array<{ entity: string; column: string }> = [];
  const droppedColumns: Array<{ entity: string; column: string }> = [];
  const refiltered: string[] = [];
  for (const [entity, next] of after.local.entities) {
    const previous = before.local.entities.get(entity);
    if (!previous) continue;
    const had = new Set(tableColumns(previous.schema));
    const has = new Set(tableColumns(next.schema));
    for (const column of has) if (!had.has(column)) addedColumns.push({ entity, column });
    for (const column of had) if (!has.has(column)) droppedColumns.push({ entity, column });
    if (canonicalJson(previous.config.filter ?? null) !== canonicalJson(next.config.filter ?? null)) refiltered.push(entity);
  }
  return {
    addedEntities,
    droppedEntities,
    addedColumns,
    droppedColumns,
    refiltered,
    schemaIntact: addedEntities.length + droppedEntities.length + addedColumns.length + droppedColumns.length + refiltered.length === 0,
  };
}

/** One line for the sync log: `<CustomizationUpdate Added="lead" Dropped="email" Columns="+2 -1" Refiltered="account" />`. */
export function formatCustomizationChange(version: string, change: CustomizationChange): string {
  const list = (items: readonly string[]) => (items.length > 0 ? items.join(',') : '-');
  return `<CustomizationUpdate Version="${version.slice(0, 12)}" Added="${list(change.addedEntities)}" Dropped="${list(change.droppedEntities)}" Columns="+${change.addedColumns.length} -${change.droppedColumns.length}" Refiltered="${list(change.refiltered)}" />`;
}
