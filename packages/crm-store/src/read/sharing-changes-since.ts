import { sql } from 'kysely';
import type { CrmRecord } from '@fieldsync/model';
import type { Principal } from '../api/principal';
import type { SharingChangesResult, SharingChangesSinceRequest } from '../api/read-requests';
import { filterSql, readAccess } from '../access/read-access';
import { readableView } from '../access/visibility';
import { wantedFields } from '../access/wanted-fields';
import type { StoreCore } from '../store/store-core';
import { accessLogSince, idsTouched } from './access-log';
import { assertHistoryKept } from './read-changes';

/**
 * Records whose visibility to the principal changed after a version through sharing or
 * assignment: those visible now and matching the filter are `gained`, those not visible now `lost`.
 * A parental child's visibility changes with its controlling parents' (a quote shared brings its lines).
 */
export async function sharingChangesSince(core: StoreCore, principal: Principal, request: SharingChangesSinceRequest): Promise<SharingChangesResult> {
  const access = await readAccess(core, principal, request.entity);
  await assertHistoryKept(core, request.entity, request.afterVersion);
  core.metrics.reads++;
  const { entity } = access;
  const view = readableView(entity, access.permissions, wantedFields(entity, request.fields));
  const log = await accessLogSince(core, access, request.afterVersion);
  const ids = [...new Set([...(await idsTouched(core, principal, access, log)).values()].flat())];
  if (ids.length === 0) return { gained: [], lost: [] };
  const match = filterSql(core, principal, entity, request.filter);
  const rows = await core.db
    .selectFrom(entity.name)
    .selectAll()
    .select((eb) => [
      sql<number>`case when ${access.visible} then 1 else 0 end`.as('__visible'),
      eb.case().when(match(eb)).then(1).else(0).end().as('__matches'),
    ])
    .where(entity.primaryKey, 'in', ids)
    .execute();
  const gained: CrmRecord[] = [];
  const lost: string[] = [];
  for (const row of rows) {
    const { __visible: visible, __matches: matches, ...plain } = row;
    if (visible !== 1) lost.push(String(plain[entity.primaryKey]));
    else if (matches === 1) {
      gained.push(core.toRecord(view, plain));
    }
  }
  core.metrics.recordsSent += gained.length;
  return { gained, lost };
}
