import { sql } from 'kysely';
import { StoreNotFoundError } from '../errors/store-errors';
import { resolveOwner } from '../org/organization';
import { updateRecord } from '../store/record-mutations';
import type { StoreCore } from '../store/store-core';

async function requireRecord(core: StoreCore, entityName: string, id: string) {
  const entity = core.entity(entityName);
  if (!(await core.getRow(core.db, entity, id))) throw new StoreNotFoundError(entityName, id);
  return entity;
}

/** Shares a record with a user or team (read access) and logs it with a new version; sharing twice changes nothing. */
export async function share(core: StoreCore, entityName: string, id: string, principalId: string): Promise<void> {
  await requireRecord(core, entityName, id);
  if (!(await resolveOwner(core, principalId))) throw new StoreNotFoundError('user or team', principalId);
  await core.db.transaction().execute(async (trx) => {
    const inserted = await sql`insert or ignore into fs_share (entity, recordid, principalid) values (${entityName}, ${id}, ${principalId})`.execute(trx);
    if (inserted.numAffectedRows === 0n) return;
    const version = await core.reserveVersions(trx);
    await sql`insert into fs_access_log (version, entity, recordid, kind, principalid, at) values (${version}, ${entityName}, ${id}, 'share', ${principalId}, ${core.nowIso()})`.execute(
      trx,
    );
  });
}

/** Takes a share back and logs it with a new version; unsharing what is not shared changes nothing. */
export async function unshare(core: StoreCore, entityName: string, id: string, principalId: string): Promise<void> {
  await requireRecord(core, entityName, id);
  await core.db.transaction().execute(async (trx) => {
    const deleted = await sql`delete from fs_share where entity = ${entityName} and recordid = ${id} and principalid = ${principalId}`.execute(trx);
    if (deleted.numAffectedRows === 0n) return;
    const version = await core.reserveVersions(trx);
    await sql`insert into fs_access_log (version, entity, recordid, kind, principalid, at) values (${version}, ${entityName}, ${id}, 'unshare', ${principalId}, ${core.nowIso()})`.execute(
      trx,
    );
  });
}

/** Gives a record another owner: the row gets a new version and the move is logged with another. */
export async function assign(core: StoreCore, entityName: string, id: string, newOwnerId: string): Promise<void> {
  const entity = await requireRecord(core, entityName, id);
  const ownerField = core.ownerField(entity);
  if (!ownerField) throw new StoreNotFoundError(`owner field of ${entityName}`, id);
  const owner = await resolveOwner(core, newOwnerId);
  if (!owner) throw new StoreNotFoundError('user or team', newOwnerId);
  await core.db.transaction().execute((trx) => updateRecord(core, trx, entity, id, { [ownerField.name]: { entity: owner.entity, id: newOwnerId } }));
}

/** Forgets tombstones and access-log entries older than `olderThanMs` (0: all), raising the history watermark. */
export async function purgeHistory(core: StoreCore, olderThanMs: number): Promise<void> {
  await core.db.transaction().execute(async (trx) => {
    let watermark: number;
    if (olderThanMs <= 0) {
      watermark = await core.currentVersion(trx);
      await sql`delete from fs_tombstone`.execute(trx);
      await sql`delete from fs_access_log`.execute(trx);
    } else {
      const cutoff = new Date(core.clock.now() - olderThanMs).toISOString();
      const max = await sql<{ v: number | null }>`select max(v) as v from (select max(version) as v from fs_tombstone where deletedat < ${cutoff}
        union all select max(version) from fs_access_log where at < ${cutoff})`.execute(trx);
      watermark = max.rows[0]?.v ?? 0;
      await sql`delete from fs_tombstone where deletedat < ${cutoff}`.execute(trx);
      await sql`delete from fs_access_log where at < ${cutoff}`.execute(trx);
    }
    await sql`insert into fs_meta (key, value) values ('watermark', ${String(watermark)})
      on conflict(key) do update set value = max(cast(value as integer), cast(excluded.value as integer))`.execute(trx);
  });
}
