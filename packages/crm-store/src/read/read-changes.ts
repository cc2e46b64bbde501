import { sql } from 'kysely';
import type { CrmRecord } from '@fieldsync/model';
import type { Principal } from '../api/principal';
import type { ReadChangesPage, ReadChangesRequest, StoreRemovalReason } from '../api/read-requests';
import { filterSql, readAccess } from '../access/read-access';
import { readableView } from '../access/visibility';
import { wantedFields } from '../access/wanted-fields';
import { StoreHistoryExpiredError } from '../errors/store-errors';
import { VERSION_COLUMN, type StoreCore } from '../store/store-core';
import { accessLogSince, idsTouched } from './access-log';

/** Throws `STORE_HISTORY_EXPIRED` when `afterVersion` is older than the purged history. */
export async function assertHistoryKept(core: StoreCore, entity: string, afterVersion: number): Promise<void> {
  const watermark = await core.watermark();
  if (afterVersion < watermark) throw new StoreHistoryExpiredError(entity, afterVersion, watermark);
}

type Outcome = { kind: 'record'; record: CrmRecord } | { kind: 'removed'; reason: StoreRemovalReason };

/**
 * Changes after a version, in version order, from two sources that share the one global counter
 * (so no two events ever have the same version): rows written after the version, and access-log
 * entries (share, unshare, assign) after it. A row the principal cannot see now is skipped unless
 * an access-log entry concerns them, so ids of records they never could see do not leak. For a
 * parental child, the entries of its controlling parents count too: each touches the children
 * under that parent, so a quote that leaves the principal takes its lines with it.
 */
export async function readChanges(core: StoreCore, principal: Principal, request: ReadChangesRequest): Promise<ReadChangesPage> {
  const access = await readAccess(core, principal, request.entity);
  await assertHistoryKept(core, request.entity, request.afterVersion);
  core.metrics.reads++;
  const { entity } = access;
  const view = readableView(entity, access.permissions, wantedFields(entity, request.fields));
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
  const log = await accessLogSince(core, access, request.afterVersion, upTo, limit + 1);
  const events = [
    ...rows.map((row) => ({ version: Number(row[VERSION_COLUMN]), row: row as Record<string, unknown>, entry: undefined })),
    ...log.map((entry) => ({ version: entry.version, row: undefined, entry })),
  ].sort((a, b) => a.version - b.version);
  const taken = events.slice(0, limit);
  const done = events.length <= limit;

  const touched = await idsTouched(
    core,
    principal,
    access,
    taken.flatMap((e) => (e.entry ? [e.entry] : [])),
  );
  const logIds = [...new Set([...touched.values()].flat())];
  const current = new Map<string, Record<string, unknown>>();
  for (let start = 0; start < logIds.length; start += 5_000) {
    for (const row of await selectState()
      .where(entity.primaryKey, 'in', logIds.slice(start, start + 5_000))
      .execute())
      current.set(String(row[entity.primaryKey]), row);
  }

  const outcomes = new Map<string, Outcome>();
  const decide = (id: string, row: Record<string, unknown> | undefined, fromLog: boolean): void => {
    let outcome: Outcome | undefined;
    if (row && row['__visible'] === 1) {
      if (row['__matches'] === 1) {
        const { __visible: _v, __matches: _m, ...plain } = row;
        outcome = { kind: 'record', record: core.toRecord(view, plain) };
      } else outcome = { kind: 'removed', reason: 'filter' };
    } else if (row && fromLog) outcome = { kind: 'removed', reason: 'no-access' };
    // Deleted records (no row) come from deletesSince; invisible rows without a log entry are not reported.
    if (!outcome) return;
    outcomes.delete(id); // keep the latest position
    outcomes.set(id, outcome);
  };
  for (const event of taken) {
    if (event.row) decide(String(event.row[entity.primaryKey]), event.row, false);
    else if (event.entry) for (const id of touched.get(event.version) ?? []) decide(id, current.get(id), true);
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
