import { sql } from 'kysely';
import type { CrmRecord } from '@fieldsync/model';
import type { Principal } from '../api/principal';
import type { ReadChangesPage, ReadChangesRequest, StoreRemovalReason } from '../api/read-requests';
import { filterSql, readAccess, type ReadAccess } from '../access/read-access';
import { ownIds, readableFields } from '../access/visibility';
import { wantedFields } from '../access/wanted-fields';
import { StoreHistoryExpiredError } from '../errors/store-errors';
import { VERSION_COLUMN, type StoreCore } from '../store/store-core';

/** One entry of the access log: a share, an unshare or an assignment, with its own version. */
export interface AccessLogEntry {
  version: number;
  recordid: string;
  kind: 'share' | 'unshare' | 'assign';
  principalid: string | null;
  oldownerid: string | null;
  oldowningbu: string | null;
  newownerid: string | null;
  newowningbu: string | null;
}

/** Throws `STORE_HISTORY_EXPIRED` when `afterVersion` is older than the purged history. */
export async function assertHistoryKept(core: StoreCore, entity: string, afterVersion: number): Promise<void> {
  const watermark = await core.watermark();
  if (afterVersion < watermark) throw new StoreHistoryExpiredError(entity, afterVersion, watermark);
}

/** True when the access-log entry could have changed what the principal sees. */
export function concerns(entry: AccessLogEntry, principal: Principal, access: ReadAccess): boolean {
  const ids = ownIds(principal);
  if (entry.kind !== 'assign') return entry.principalid !== null && ids.includes(entry.principalid);
  if (access.depth === 'organization') return false;
  if (ids.includes(String(entry.oldownerid)) || ids.includes(String(entry.newownerid))) return true;
  return access.depth === 'businessUnit' && (entry.oldowningbu === principal.businessUnitId || entry.newowningbu === principal.businessUnitId);
}

type Outcome = { kind: 'record'; record: CrmRecord } | { kind: 'removed'; reason: StoreRemovalReason };

/**
 * Changes after a version, in version order, from two sources that share the one global counter
 * (so no two events ever have the same version): rows written after the version, and access-log
 * entries (share, unshare, assign) after it. A row the principal cannot see now is skipped unless
 * an access-log entry concerns them, so ids of records they never could see do not leak.
 */
export async function readChanges(core: StoreCore, principal: Principal, request: ReadChangesRequest): Promise<ReadChangesPage> {
  const access = await readAccess(core, principal, request.entity);
  await assertHistoryKept(core, request.entity, request.afterVersion);
  core.metrics.reads++;
  const { entity } = access;
  const wanted = wantedFields(entity, request.fields);
  const limit = Math.max(1, Math.trunc(request.limit));
  // Everything at or below `upTo` is committed: writes hold the only connection until they commit.
  const upTo = await core.currentVersion();
  const match = filterSql(core, principal, entity, request.filter);
  const selectState = () =>
    core.db
      .selectFrom(entity.name)
      .selectAll()
      .select((eb) => [
        sql<number>`case when ${access.visible} then 1 else 0 end`.as('__visible'),
        eb.case().when(match(eb)).then(1).else(0).end().as('__matches'),
      ]);
  const rows = await selectState()
    .where(VERSION_COLUMN, '>', request.afterVersion)
    .where(VERSION_COLUMN, '<=', upTo)
    .orderBy(VERSION_COLUMN)
    .limit(limit + 1)
    .execute();
  const log = (
    await sql<AccessLogEntry>`select * from fs_access_log where entity = ${entity.name} and version > ${request.afterVersion} and version <= ${upTo}
      order by version limit ${limit + 1}`.execute(core.db)
  ).rows;
  const events = [
    ...rows.map((row) => ({ version: Number(row[VERSION_COLUMN]), row: row as Record<string, unknown>, entry: undefined })),
    ...log.map((entry) => ({ version: entry.version, row: undefined, entry })),
  ].sort((a, b) => a.version - b.version);
  const taken = events.slice(0, limit);
  const done = events.length <= limit;

  const logIds = [
    ...new Set(taken.flatMap((e) => (e.entry && concerns(e.entry, principal, access) ? [e.entry.recordid] : []))),
  ];
  const current = new Map<string, Record<string, unknown>>();
  if (logIds.length > 0) {
    for (const row of await selectState().where(entity.primaryKey, 'in', logIds).execute()) current.set(String(row[entity.primaryKey]), row);
  }

  const outcomes = new Map<string, Outcome>();
  const decide = (id: string, row: Record<string, unknown> | undefined, fromLog: boolean): void => {
    let outcome: Outcome | undefined;
    if (row && row['__visible'] === 1) {
      if (row['__matches'] === 1) {
        const { __visible: _v, __matches: _m, ...plain } = row;
        const record = core.toRecord(entity, plain);
        outcome = { kind: 'record', record: { ...record, fields: readableFields(entity, access.permissions, record.fields, wanted) } };
      } else outcome = { kind: 'removed', reason: 'filter' };
    } else if (row && fromLog) outcome = { kind: 'removed', reason: 'no-access' };
    // Deleted records (no row) come from deletesSince; invisible rows without a log entry are not reported.
    if (!outcome) return;
    outcomes.delete(id); // keep the latest position
    outcomes.set(id, outcome);
  };
  for (const event of taken) {
    if (event.row) decide(String(event.row[entity.primaryKey]), event.row, false);
    else if (event.entry && concerns(event.entry, principal, access)) decide(event.entry.recordid, current.get(event.entry.recordid), true);
  }
  const records: CrmRecord[] = [];
  const removed: { id: string; reason: StoreRemovalReason }[] = [];
  for (const [id, outcome] of outcomes) {
    if (outcome.kind === 'record') records.push(outcome.record);
    else removed.push({ id, reason: outcome.reason });
  }
  core.metrics.recordsSent += records.length;
  const lastVersion = done ? Math.max(upTo, request.afterVersion) : taken[taken.length - 1].version;
  return { records, removed, lastVersion, done };
}
