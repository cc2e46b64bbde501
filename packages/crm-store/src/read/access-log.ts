import { sql } from 'kysely';
import type { Principal } from '../api/principal';
import type { StorePrivilegeDepth } from '../api/privileges';
import { idsUnder } from '../access/parental-chain';
import { readDepth, type ReadAccess } from '../access/read-access';
import { ownIds } from '../access/visibility';
import type { StoreCore } from '../store/store-core';

/** One entry of the access log: a share, an unshare or an assignment, with its own version. */
export interface AccessLogEntry {
  version: number;
  entity: string;
  recordid: string;
  kind: 'share' | 'unshare' | 'assign';
  principalid: string | null;
  oldownerid: string | null;
  oldowningbu: string | null;
  newownerid: string | null;
  newowningbu: string | null;
}

/** True when the access-log entry could have changed what the principal sees, given their read depth on the entry's entity. */
export function concerns(entry: AccessLogEntry, principal: Principal, depth: StorePrivilegeDepth): boolean {
  const ids = ownIds(principal);
  if (entry.kind !== 'assign') return entry.principalid !== null && ids.includes(entry.principalid);
  if (depth === 'organization') return false;
  if (ids.includes(String(entry.oldownerid)) || ids.includes(String(entry.newownerid))) return true;
  return depth === 'businessUnit' && (entry.oldowningbu === principal.businessUnitId || entry.newowningbu === principal.businessUnitId);
}

/**
 * Access-log entries after a version (up to `upTo`, at most `limit`, in version order) that can change
 * what the principal sees of the entity: those of the entity itself and, for a parental child, those
 * of its controlling parents (a quote's reassignment changes who sees its lines).
 */
export async function accessLogSince(core: StoreCore, access: ReadAccess, afterVersion: number, upTo?: number, limit?: number): Promise<AccessLogEntry[]> {
  const bound = upTo === undefined ? sql`` : sql` and version <= ${upTo}`;
  const cap = limit === undefined ? sql`` : sql` limit ${limit}`;
  return (
    await sql<AccessLogEntry>`select * from fs_access_log where entity in (${sql.join(access.sources)}) and version > ${afterVersion}${bound}
      order by version${cap}`.execute(core.db)
  ).rows;
}

/**
 * The ids of the entity's records each entry concerning the principal touches, by entry version: the
 * entry's own record, or for an entry on a controlling parent, the records under that parent now.
 * Entries that do not concern the principal are left out.
 */
export async function idsTouched(
  core: StoreCore,
  principal: Principal,
  access: ReadAccess,
  entries: readonly AccessLogEntry[],
): Promise<Map<number, string[]>> {
  const concerned = entries.filter((entry) => concerns(entry, principal, readDepth(access, entry.entity)));
  const byParent = new Map<string, Map<string, string[]>>();
  for (const source of access.sources) {
    if (source === access.entity.name) continue;
    const parentIds = [...new Set(concerned.filter((e) => e.entity === source).map((e) => e.recordid))];
    if (parentIds.length > 0) byParent.set(source, await idsUnder(core, core.db, access.entity, source, parentIds));
  }
  const touched = new Map<number, string[]>();
  for (const entry of concerned) {
    touched.set(entry.version, entry.entity === access.entity.name ? [entry.recordid] : (byParent.get(entry.entity)?.get(entry.recordid) ?? []));
  }
  return touched;
}
