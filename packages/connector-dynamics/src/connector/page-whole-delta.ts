import { ContractViolationError } from '@fieldsync/connector-api';
import type { CrmRecord } from '@fieldsync/model';

/** Where a read of a delta answer the server sent whole stands: versions and deleted rows already returned. */
export interface WholeDeltaPosition {
  /** Highest row version of the changed rows returned so far ('0' at the start). */
  readonly after: string;
  /** Deleted rows returned so far. */
  readonly skipDeleted: number;
}

/** One page cut from a whole delta answer, and the position after it (absent when the answer is used up). */
export interface WholeDeltaPage {
  readonly records: readonly CrmRecord[];
  readonly deleted: readonly string[];
  readonly next?: WholeDeltaPosition;
}

/** The row version of a record's ETag (`W/"1043"` → 1043n). */
function versionOf(record: CrmRecord, at: string): bigint {
  const digits = /(\d+)/.exec(record.version ?? '')?.[1];
  if (digits === undefined) throw new ContractViolationError('a changed row has no numeric ETag to page by', at);
  return BigInt(digits);
}

/**
 * Cuts the next page out of a delta answer that holds every change at once (decision 096): changed
 * records in row-version order after `position.after`, never splitting the records of one version
 * (unless one version alone fills the page), then the deleted ids after the `skipDeleted` already
 * returned. A record changed again between two cuts has a higher version and comes again later.
 */
export function pageWholeDelta(changed: readonly CrmRecord[], deleted: readonly string[], position: WholeDeltaPosition, pageSize: number): WholeDeltaPage {
  const after = BigInt(position.after);
  const pending = changed
    .map((record, index) => ({ record, version: versionOf(record, `changes[${index}]`) }))
    .filter((entry) => entry.version > after)
    .sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  if (pending.length > 0) {
    let take = Math.min(pageSize, pending.length);
    while (take < pending.length && take > 0 && pending[take].version === pending[take - 1].version) take--;
    if (take === 0) take = Math.min(pageSize, pending.length);
    const more = take < pending.length || deleted.length > position.skipDeleted;
    return {
      records: pending.slice(0, take).map((entry) => entry.record),
      deleted: [],
      ...(more ? { next: { after: String(pending[take - 1].version), skipDeleted: position.skipDeleted } } : {}),
    };
  }
  const slice = deleted.slice(position.skipDeleted, position.skipDeleted + pageSize);
  const returned = position.skipDeleted + slice.length;
  return { records: [], deleted: slice, ...(returned < deleted.length ? { next: { after: position.after, skipDeleted: returned } } : {}) };
}
