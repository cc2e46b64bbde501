import type { CrmRecord, FilterNode } from '@fieldsync/model';

/** A page of a full read, keyset-paged by primary key. */
export interface ReadFullRequest {
  readonly entity: string;
  /** Run in SQL; only matching records are read and sent. */
  readonly filter?: FilterNode;
  /** Fields wanted (the primary key is always included); absent: every readable field. */
  readonly fields?: readonly string[];
  /** Continue after this primary key (the `lastId` of the previous page). */
  readonly afterId?: string;
  readonly limit: number;
}

/** One page of a full read. */
export interface ReadFullPage {
  /** Records in primary-key order, `version` = the row version as text. */
  readonly records: CrmRecord[];
  /** The last primary key read; pass as `afterId` for the next page. */
  readonly lastId?: string;
  readonly done: boolean;
}

/** Why a record left a principal's view. */
export type StoreRemovalReason = 'filter' | 'no-access' | 'deleted';

/** A page of changes after a version. */
export interface ReadChangesRequest {
  readonly entity: string;
  /** Changes with a version greater than this (a `currentVersion()` or a previous `lastVersion`). */
  readonly afterVersion: number;
  readonly filter?: FilterNode;
  readonly fields?: readonly string[];
  readonly limit: number;
}

/** One page of changes, in version order. */
export interface ReadChangesPage {
  /** Visible records changed (or become visible) that match the filter. */
  readonly records: CrmRecord[];
  /** Records that no longer match (`filter`) or became invisible (`no-access`). Deletes come from `deletesSince`. */
  readonly removed: { readonly id: string; readonly reason: StoreRemovalReason }[];
  /** The version read up to; pass as `afterVersion` next. */
  readonly lastVersion: number;
  readonly done: boolean;
}

/** A page of deletes after a version. */
export interface DeletesSinceRequest {
  readonly entity: string;
  readonly afterVersion: number;
  /** The `cursor` of the previous page. */
  readonly afterCursor?: string;
  readonly limit: number;
}

/** A deleted record's tombstone. */
export interface Tombstone {
  readonly id: string;
  /** Canonical ISO-8601 time of the delete. */
  readonly deletedAt: string;
  readonly version: number;
}

/** One page of tombstones in version order. */
export interface DeletesPageResult {
  readonly deleted: Tombstone[];
  /** Continue after this cursor; absent when there are no more. */
  readonly cursor?: string;
}

/** Sharing and ownership changes after a version. */
export interface SharingChangesSinceRequest {
  readonly entity: string;
  readonly afterVersion: number;
  readonly filter?: FilterNode;
  readonly fields?: readonly string[];
}

/** Records that became visible (and match), and ids that became invisible. */
export interface SharingChangesResult {
  readonly gained: CrmRecord[];
  readonly lost: string[];
}

/** What `count` counts. */
export interface CountRequest {
  readonly entity: string;
  readonly filter?: FilterNode;
  /** Also count visible records changed, and tombstones visible, after this version. */
  readonly afterVersion?: number;
}

/** The figures of `count`. */
export interface CountResult {
  readonly matching: number;
  readonly changedSince?: number;
  readonly deletedSince?: number;
}

/** What a principal may do with one record (`recordAccess`). Write, delete, append and appendTo imply read. */
export interface StoreRecordAccess {
  readonly id: string;
  readonly read: boolean;
  readonly write: boolean;
  readonly delete: boolean;
  readonly append: boolean;
  readonly appendTo: boolean;
}
