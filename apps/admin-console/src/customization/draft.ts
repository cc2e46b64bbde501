/** One entity of a draft as the editor holds it: the model's input shape, its filter as FetchXML text. */
export interface DraftEntity {
  readonly entity: string;
  readonly fields?: readonly string[] | 'all';
  readonly fetchXml?: string;
  readonly conflictPolicy?: string;
  readonly pageSize?: number;
  readonly uploadOnly?: boolean;
  readonly attachments?: boolean;
  readonly forceFullSync?: string;
  readonly [other: string]: unknown;
}

/** A customization being edited (the model's input document). */
export interface Draft {
  readonly entities: readonly DraftEntity[];
  readonly settings: Readonly<Record<string, unknown>>;
  readonly blobStoreFilter?: string;
}

/** A role assignment being edited. */
export interface DraftRole {
  readonly role: string;
  readonly priority: number;
}

/** A problem the bridge reported, with its place in the draft and in the text at fault. */
export interface DraftIssue {
  /** Path inside the document, e.g. `entities[2].fetchXml` (no `content.` or `input.content.` prefix). */
  readonly path: string;
  readonly message: string;
  readonly line?: number | null;
  readonly column?: number | null;
}

/** Reads a revision's `draft` (from the bridge) as a {@link Draft}; anything unexpected becomes empty. */
export function draftOf(value: unknown): Draft {
  const raw = (value ?? {}) as { entities?: unknown; settings?: unknown; blobStoreFilter?: unknown };
  const entities = Array.isArray(raw.entities) ? (raw.entities as DraftEntity[]).filter((entity) => typeof entity?.entity === 'string') : [];
  const settings = raw.settings && typeof raw.settings === 'object' ? (raw.settings as Record<string, unknown>) : {};
  return { entities, settings, ...(typeof raw.blobStoreFilter === 'string' ? { blobStoreFilter: raw.blobStoreFilter } : {}) };
}

/** The document sent to the bridge: empty FetchXML means no filter, an empty blob store filter means none. */
export function contentOf(draft: Draft): Record<string, unknown> {
  return {
    entities: draft.entities.map((entity) => {
      const { fetchXml, ...rest } = entity;
      return fetchXml !== undefined && fetchXml.trim() !== '' ? { ...rest, fetchXml } : rest;
    }),
    settings: draft.settings,
    ...(draft.blobStoreFilter !== undefined && draft.blobStoreFilter.trim() !== '' ? { blobStoreFilter: draft.blobStoreFilter } : {}),
  };
}

/** A bridge user error as a {@link DraftIssue}: its field without the `input.` and `content.` prefixes. */
export function issueOf(error: { field?: string | null; message: string; line?: number | null; column?: number | null }): DraftIssue {
  const path = (error.field ?? '').replace(/^input\./, '').replace(/^content\.?/, '');
  return { path, message: error.message, line: error.line, column: error.column };
}

/** The issues at `prefix` or under it (`entities[2]` takes `entities[2].fetchXml`, not `entities[20]`). */
export function issuesAt(issues: readonly DraftIssue[], prefix: string): DraftIssue[] {
  return issues.filter((issue) => issue.path === prefix || issue.path.startsWith(`${prefix}.`) || issue.path.startsWith(`${prefix}[`));
}

/** Where an issue is, in words: `line 4, column 40` when it has a place in a text. */
export function placeOf(issue: DraftIssue): string {
  return issue.line ? `line ${issue.line}, column ${issue.column ?? 0}` : issue.path || 'document';
}
