import type { Anchor, CrmRecord, FilterNode } from '@fieldsync/model';

/** What `count` counts. */
export interface CountRequest {
  readonly entity: string;
  /** Count only records matching this filter (evaluated on the backend). */
  readonly filter?: FilterNode;
  /** Also count records changed and deleted since this anchor. */
  readonly since?: Anchor;
}

/** The figures the sync analyzer decides by. */
export interface EntityCounts {
  /** Records the user may read that match the filter now. */
  readonly matching: number;
  /**
   * Records changed since `since` that the user may read (filter not applied), plus records that became
   * visible or invisible to the user without an edit (shared, unshared, reassigned); absent without `since`.
   */
  readonly changedSince?: number;
  /** Records deleted since `since`; absent without `since`. */
  readonly deletedSince?: number;
}

/** One page of a full or incremental read. */
export interface ReadPageRequest {
  readonly entity: string;
  /**
   * Where to read from. Absent: start a full read of every record matching `filter`. Otherwise an
   * anchor from an earlier page: an unfinished read continues, a finished one yields the changes since.
   */
  readonly anchor?: Anchor;
  /** Only these fields (the primary key is always included); absent: every field. */
  readonly fields?: readonly string[];
  /** Only records matching this filter; evaluated on the backend. Must be the same on every page of a read. */
  readonly filter?: FilterNode;
  /** Records wanted in this page; the connector may return fewer, never more, and cuts it to `maxPageSize`. */
  readonly pageSize: number;
}

/**
 * Why a record left the user's view in an incremental read:
 * `deleted` on the server, `no-access` (unshared, reassigned away, privilege lost),
 * `filter` (changed so that it no longer matches the filter).
 */
export type RemovalReason = 'deleted' | 'no-access' | 'filter';

/** A record the device should drop. */
export interface RemovedRecord {
  readonly id: string;
  readonly reason: RemovalReason;
}

/** One page of records and the anchor after it. */
export interface RecordPage {
  /** Records to insert or replace, in the order the backend reads them. */
  readonly records: readonly CrmRecord[];
  /** Records to drop (incremental reads only). */
  readonly removed: readonly RemovedRecord[];
  /**
   * Anchor after this page. While `done` is false it continues this read; once `done` it is the
   * anchor to store and read changes from next time. Stored only after the page is committed.
   */
  readonly nextAnchor: Anchor;
  /** No more pages in this read. */
  readonly done: boolean;
}

/** Deletes since an anchor. */
export interface ReadDeletesRequest {
  readonly entity: string;
  /** The entity's stored anchor. */
  readonly since: Anchor;
  /** Continue after this cursor from an earlier page. */
  readonly cursor?: string;
  /** @default the connector's maxPageSize */
  readonly pageSize?: number;
}

/** A record deleted on the server. */
export interface DeletedRecord {
  readonly id: string;
  /** When it was deleted (ISO-8601). */
  readonly deletedAt: string;
}

/** One page of deletes. */
export interface DeletesPage {
  readonly deleted: readonly DeletedRecord[];
  /** Continue with this cursor; absent when there are no more. */
  readonly cursor?: string;
}

/** Records whose visibility to the user changed without an edit, since an anchor. */
export interface SharingChangesRequest {
  readonly entity: string;
  readonly since: Anchor;
  /** Only gained records matching this filter are returned. */
  readonly filter?: FilterNode;
  readonly fields?: readonly string[];
}

/** The answer to {@link SharingChangesRequest}. */
export interface SharingChanges {
  /** Records that became visible (shared with the user or assigned to them) and match the filter. */
  readonly gained: readonly CrmRecord[];
  /** Ids of records that became invisible (unshared, reassigned away). */
  readonly lost: readonly string[];
}
