import type { Principal } from '../api/principal';
import type { CountRequest, CountResult } from '../api/read-requests';
import { filterSql, readAccess } from '../access/read-access';
import { VERSION_COLUMN, type StoreCore } from '../store/store-core';
import { countDeletesSince } from './deletes-since';
import { accessLogSince, idsTouched } from './access-log';
import { assertHistoryKept } from './read-changes';

/** Counts visible matching records and, with `afterVersion`, visible records changed and deleted since. */
export async function countRecords(core: StoreCore, principal: Principal, request: CountRequest): Promise<CountResult> {
  const access = await readAccess(core, principal, request.entity);
  const { entity } = access;
  const matching = await core.db
    .selectFrom(entity.name)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(access.visible)
    .where(filterSql(core, principal, entity, request.filter))
    .executeTakeFirstOrThrow();
  if (request.afterVersion === undefined) return { matching: Number(matching.n) };
  await assertHistoryKept(core, entity.name, request.afterVersion);
  const changed = await core.db
    .selectFrom(entity.name)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(access.visible)
    .where(VERSION_COLUMN, '>', request.afterVersion)
    .executeTakeFirstOrThrow();
  const deletedSince = await countDeletesSince(core, principal, entity.name, request.afterVersion);
  // Shares, unshares and reassignments that concern the principal change what they see without an edit.
  const touched = await idsTouched(core, principal, access, await accessLogSince(core, access, request.afterVersion));
  const visibilityChanges = [...touched.values()].reduce((sum, ids) => sum + ids.length, 0);
  return { matching: Number(matching.n), changedSince: Number(changed.n) + visibilityChanges, deletedSince };
}
