import { toFetchXml, type SyncFilter } from '@fieldsync/model';

/**
 * A stored (parsed) customization as an admin edits it: each entity's filter written back as
 * FetchXML text (`fetchXml`), everything else as stored. Publishing the draft gives the same content.
 */
export function customizationDraft(content: unknown): Record<string, unknown> {
  const stored = (content ?? {}) as { entities?: readonly Record<string, unknown>[]; settings?: unknown; blobStoreFilter?: string | null };
  return {
    entities: (stored.entities ?? []).map((config) => {
      const { filter, ...rest } = config;
      return filter ? { ...rest, fetchXml: toFetchXml(filter as SyncFilter) } : rest;
    }),
    settings: stored.settings ?? {},
    ...(stored.blobStoreFilter ? { blobStoreFilter: stored.blobStoreFilter } : {}),
  };
}
