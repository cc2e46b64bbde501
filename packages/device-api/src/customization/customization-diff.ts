import { canonicalJson, type Customization, type EntitySyncConfig } from '@fieldsync/model';

/** What changed in one entity's configuration. */
export interface EntityDiff {
  readonly entity: string;
  readonly fieldsAdded: readonly string[];
  readonly fieldsRemoved: readonly string[];
  readonly filterChanged: boolean;
  /** Other keys that changed: conflictPolicy, pageSize, uploadOnly, attachments, forceFullSync. */
  readonly otherChanges: readonly string[];
}

/** What changed between two customizations. */
export interface CustomizationDiff {
  readonly entitiesAdded: readonly string[];
  readonly entitiesRemoved: readonly string[];
  readonly entitiesChanged: readonly EntityDiff[];
  readonly settingsChanged: readonly string[];
  readonly blobStoreFilterChanged: boolean;
}

/** The parts of a customization a diff reads. */
export type CustomizationContent = Pick<Customization, 'entities' | 'settings' | 'blobStoreFilter'>;

const OTHER_KEYS = ['conflictPolicy', 'pageSize', 'uploadOnly', 'attachments', 'forceFullSync', 'documents'] as const;

/** Field names of an entity configuration; `all` stays `all` (compared as a whole). */
function fieldsOf(config: EntitySyncConfig, schemaFields: (entity: string) => readonly string[]): readonly string[] {
  return config.fields === 'all' ? schemaFields(config.entity) : config.fields;
}

/**
 * Compares two parsed customizations entity by entity and setting by setting. `schemaFields` gives
 * an entity's fields in the CRM schema, to compare `all` with an explicit list.
 */
export function diffCustomizations(
  from: CustomizationContent | undefined,
  to: CustomizationContent,
  schemaFields: (entity: string) => readonly string[],
): CustomizationDiff {
  const before = new Map((from?.entities ?? []).map((config) => [config.entity, config]));
  const after = new Map(to.entities.map((config) => [config.entity, config]));
  const entitiesChanged: EntityDiff[] = [];
  for (const [entity, next] of after) {
    const previous = before.get(entity);
    if (!previous) continue;
    const oldFields = new Set(fieldsOf(previous, schemaFields));
    const newFields = new Set(fieldsOf(next, schemaFields));
    const diff: EntityDiff = {
      entity,
      fieldsAdded: [...newFields].filter((field) => !oldFields.has(field)),
      fieldsRemoved: [...oldFields].filter((field) => !newFields.has(field)),
      filterChanged: canonicalJson(previous.filter ?? null) !== canonicalJson(next.filter ?? null),
      otherChanges: OTHER_KEYS.filter((key) => canonicalJson(previous[key] ?? null) !== canonicalJson(next[key] ?? null)),
    };
    if (diff.fieldsAdded.length + diff.fieldsRemoved.length + diff.otherChanges.length > 0 || diff.filterChanged) entitiesChanged.push(diff);
  }
  const oldSettings = (from?.settings ?? {}) as unknown as Record<string, unknown>;
  const newSettings = to.settings as unknown as Record<string, unknown>;
  const settingNames = new Set([...Object.keys(oldSettings), ...Object.keys(newSettings)]);
  return {
    entitiesAdded: [...after.keys()].filter((entity) => !before.has(entity)),
    entitiesRemoved: [...before.keys()].filter((entity) => !after.has(entity)),
    entitiesChanged,
    settingsChanged: [...settingNames].filter((name) => canonicalJson(oldSettings[name] ?? null) !== canonicalJson(newSettings[name] ?? null)).sort(),
    blobStoreFilterChanged: (from?.blobStoreFilter ?? null) !== (to.blobStoreFilter ?? null),
  };
}
