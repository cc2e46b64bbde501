import type { CrmRecord } from '@fieldsync/model';
import type { Principal } from '../api/principal';
import type { ReadFullPage, ReadFullRequest } from '../api/read-requests';
import { filterSql, readAccess } from '../access/read-access';
import { readableView } from '../access/visibility';
import { wantedFields } from '../access/wanted-fields';
import type { StoreCore } from '../store/store-core';

/** A keyset page of the records the principal may read that match the filter (run in SQL). */
export async function readFull(core: StoreCore, principal: Principal, request: ReadFullRequest): Promise<ReadFullPage> {
  const access = await readAccess(core, principal, request.entity);
  const { entity } = access;
  const wanted = wantedFields(entity, request.fields);
  core.metrics.reads++;
  const limit = Math.max(1, Math.trunc(request.limit));
  let query = core.db
    .selectFrom(entity.name)
    .selectAll()
    .where(access.visible)
    .where(filterSql(core, principal, entity, request.filter))
    .orderBy(entity.primaryKey)
    .limit(limit + 1);
  if (request.afterId !== undefined) query = query.where(entity.primaryKey, '>', request.afterId);
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const view = readableView(entity, access.permissions, wanted);
  const records: CrmRecord[] = page.map((row) => core.toRecord(view, row));
  core.metrics.recordsSent += records.length;
  return { records, lastId: records.length > 0 ? records[records.length - 1].id : request.afterId, done: rows.length <= limit };
}
