import { canonicalJson, toFetchXml, type EntitySyncConfig, type SyncFilter } from '@fieldsync/model';
import type { CustomizationContent } from './customization-diff';

/** Whether a part was added, removed or changed. */
export type ChangeKind = 'added' | 'removed' | 'changed';

/** A text before and after (absent on the side where there was none): FetchXML, BlobStoreFilter XML. */
export interface TextChange {
  readonly before: string | null;
  readonly after: string | null;
}

/** One per-entity option (conflictPolicy, pageSize, ...) that changed, with both values. */
export interface OptionChange {
  readonly name: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** What changed in one entity: added or removed whole, or its fields, filter and options. */
export interface EntityChange {
  readonly entity: string;
  readonly change: ChangeKind;
  readonly fieldsAdded: readonly string[];
  readonly fieldsRemoved: readonly string[];
  /** The sync filter as FetchXML on both sides, when it changed. */
  readonly filter: TextChange | null;
  readonly options: readonly OptionChange[];
}

/** One setting that was added, removed or changed, with both values. */
export interface SettingChange {
  readonly name: string;
  readonly change: ChangeKind;
  readonly before: unknown;
  readonly after: unknown;
}

/** A readable structural diff of two customizations: every part that differs, with both sides. */
export interface CustomizationChanges {
  readonly entities: readonly EntityChange[];
  readonly settings: readonly SettingChange[];
  readonly blobStoreFilter: TextChange | null;
  /** True when nothing differs. */
  readonly empty: boolean;
}

const OPTION_KEYS = ['conflictPolicy', 'pageSize', 'uploadOnly', 'attachments', 'forceFullSync', 'documents'] as const;

function filterText(filter: SyncFilter | undefined): string | null {
  return filter ? toFetchXml(filter) : null;
}

function fieldList(config: EntitySyncConfig, schemaFields: (entity: string) => readonly string[]): readonly string[] {
  return config.fields === 'all' ? schemaFields(config.entity) : config.fields;
}

/**
 * Compares two parsed customizations part by part, in the order of the new one (removed entities
 * last): entities added or removed, the fields, filter (as FetchXML) and options of entities kept,
 * every setting whose value differs, and the blob store filter. `schemaFields` expands `all`.
 */
export function customizationChanges(
  from: CustomizationContent | undefined,
  to: CustomizationContent,
  schemaFields: (entity: string) => readonly string[],
): CustomizationChanges {
  const before = new Map((from?.entities ?? []).map((config) => [config.entity, config]));
  const after = new Set(to.entities.map((config) => config.entity));
  const entities: EntityChange[] = [];
  for (const next of to.entities) {
    const previous = before.get(next.entity);
    if (!previous) {
      entities.push({
        entity: next.entity,
        change: 'added',
        fieldsAdded: [...fieldList(next, schemaFields)],
        fieldsRemoved: [],
        filter: next.filter ? { before: null, after: filterText(next.filter) } : null,
        options: [],
      });
      continue;
    }
    const oldFields = fieldList(previous, schemaFields);
    const newFields = fieldList(next, schemaFields);
    const filterChanged = canonicalJson(previous.filter ?? null) !== canonicalJson(next.filter ?? null);
    const change: EntityChange = {
      entity: next.entity,
      change: 'changed',
      fieldsAdded: newFields.filter((field) => !oldFields.includes(field)),
      fieldsRemoved: oldFields.filter((field) => !newFields.includes(field)),
      filter: filterChanged ? { before: filterText(previous.filter), after: filterText(next.filter) } : null,
      options: OPTION_KEYS.filter((key) => canonicalJson(previous[key] ?? null) !== canonicalJson(next[key] ?? null)).map((key) => ({
        name: key,
        before: previous[key] ?? null,
        after: next[key] ?? null,
      })),
    };
    if (change.fieldsAdded.length + change.fieldsRemoved.length + change.options.length > 0 || change.filter) entities.push(change);
  }
  for (const previous of from?.entities ?? []) {
    if (after.has(previous.entity)) continue;
    entities.push({
      entity: previous.entity,
      change: 'removed',
      fieldsAdded: [],
      fieldsRemoved: [...fieldList(previous, schemaFields)],
      filter: previous.filter ? { before: filterText(previous.filter), after: null } : null,
      options: [],
    });
  }
  const oldSettings = (from?.settings ?? {}) as unknown as Record<string, unknown>;
  const newSettings = to.settings as unknown as Record<string, unknown>;
  const settings: SettingChange[] = [...new Set([...Object.keys(oldSettings), ...Object.keys(newSettings)])]
    .sort()
    .filter((name) => canonicalJson(oldSettings[name] ?? null) !== canonicalJson(newSettings[name] ?? null))
    .map((name) => ({
      name,
      change: !(name in oldSettings) ? 'added' : !(name in newSettings) ? 'removed' : 'changed',
      before: oldSettings[name] ?? null,
      after: newSettings[name] ?? null,
    }));
  const oldBlob = from?.blobStoreFilter ?? null;
  const newBlob = to.blobStoreFilter ?? null;
  const blobStoreFilter = oldBlob !== newBlob ? { before: oldBlob, after: newBlob } : null;
  return { entities, settings, blobStoreFilter, empty: entities.length === 0 && settings.length === 0 && blobStoreFilter === null };
}
