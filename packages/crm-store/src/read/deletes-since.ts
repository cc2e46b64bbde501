import { sql } from 'kysely';
import type { Principal } from '../api/principal';
import type { DeletesPageResult, DeletesSinceRequest, Tombstone } from '../api/read-requests';
import { readAccess, readDepth } from '../access/read-access';
import { ownIds, ownerInScope } from '../access/visibility';
import type { StoreCore } from '../store/store-core';
import { assertHistoryKept } from './read-changes';

interface TombstoneRow {
  version: number;
  recordid: string;
  deletedat: string;
  ownerid: string | null;
  owningbu: string | null;
  sharedwith: string;
  accessentity: string | null;
}

/**
 * Tombstones after a version of records the principal could see when they were deleted (by the
 * owner and shares kept on the tombstone, judged with the principal's current read depth). A
 * parental child's tombstone keeps its controlling parent's owner and shares, judged with the
 * principal's read depth on that parent's entity.
 */
export async function deletesSince(core: StoreCore, principal: Principal, request: DeletesSinceRequest): Promise<DeletesPageResult> {
  const access = await readAccess(core, principal, request.entity);
  await assertHistoryKept(core, request.entity, request.afterVersion);
  core.metrics.reads++;
  const limit = Math.max(1, Math.trunc(request.limit));
  const ids = ownIds(principal);
  let after = Math.max(request.afterVersion, request.afterCursor !== undefined ? Number(request.afterCursor) || 0 : 0);
  const deleted: Tombstone[] = [];
  for (;;) {
    const batch = (
      await sql<TombstoneRow>`select * from fs_tombstone where entity = ${access.entity.name} and version > ${after} order by version limit ${limit * 4}`.execute(
        core.db,
      )
    ).rows;
    for (const row of batch) {
      after = row.version;
      const shared = (JSON.parse(row.sharedwith) as string[]).some((p) => ids.includes(p));
      const judged = core.schema.entities.find((e) => e.name === (row.accessentity ?? access.entity.name)) ?? access.entity;
      const visible =
        shared ||
        (core.ownerField(judged) === undefined
          ? readDepth(access, judged.name) !== 'none'
          : ownerInScope(principal, readDepth(access, judged.name), row.ownerid, row.owningbu));
      if (visible) deleted.push({ id: row.recordid, deletedAt: row.deletedat, version: row.version });
      if (deleted.length === limit) return { deleted, cursor: String(after) };
    }
    if (batch.length < limit * 4) return { deleted };
  }
}

/** Tombstones after a version that the principal could see, counted. */
export async function countDeletesSince(core: StoreCore, principal: Principal, entity: string, afterVersion: number): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await deletesSince(core, principal, { entity, afterVersion, afterCursor: cursor, limit: 1000 });
    count += page.deleted.length;
    if (page.cursor === undefined) return count;
    cursor = page.cursor;
  }
}
