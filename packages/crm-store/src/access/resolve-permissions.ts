import { sql } from 'kysely';
import type { Principal } from '../api/principal';
import type { StoreEntityPrivileges, StoreFieldPermission, StorePermissions, StorePrivilegeDepth } from '../api/privileges';
import type { StoreCore, StoreExecutor } from '../store/store-core';

const DEPTH_RANK: Record<StorePrivilegeDepth, number> = { none: 0, user: 1, businessUnit: 2, organization: 3 };
const PRIVILEGES = ['create', 'read', 'write', 'delete', 'append', 'appendTo'] as const;

/** No privilege at all. */
export const NO_PRIVILEGES: StoreEntityPrivileges = { create: 'none', read: 'none', write: 'none', delete: 'none', append: 'none', appendTo: 'none' };

/** The deeper of two depths. */
export function deeper(a: StorePrivilegeDepth, b: StorePrivilegeDepth | undefined): StorePrivilegeDepth {
  return b !== undefined && DEPTH_RANK[b] > DEPTH_RANK[a] ? b : a;
}

/**
 * A principal's effective permissions: per entity the deepest depth any of their roles (or their
 * teams' roles) grants; per secured field the union of their field security profiles. Kept per
 * security stamp (`SecurityCache`): the answer is shared, never to be changed by the caller.
 */
export function resolvePermissions(core: StoreCore, principal: Principal): Promise<StorePermissions> {
  return core.security.permissions(core.db, principal, () => loadPermissions(core.db, principal));
}

/** {@link resolvePermissions} read from the tables, without the cache. */
export async function loadPermissions(executor: StoreExecutor, principal: Principal): Promise<StorePermissions> {
  const ids = [principal.userId, ...principal.teamIds];
  const roles = await sql<{ privileges: string }>`select r.privileges from fs_role r join fs_principalrole pr on pr.roleid = r.id
    where pr.principalid in (${sql.join(ids)})`.execute(executor);
  const entities: Record<string, StoreEntityPrivileges> = {};
  for (const { privileges } of roles.rows) {
    const granted = JSON.parse(privileges) as Record<string, Partial<StoreEntityPrivileges>>;
    for (const [entity, grant] of Object.entries(granted)) {
      const current = { ...(entities[entity] ?? NO_PRIVILEGES) };
      for (const p of PRIVILEGES) current[p] = deeper(current[p], grant[p]);
      entities[entity] = current;
    }
  }
  const allProfiles = await sql<{ id: string; fields: string }>`select id, fields from fs_fieldprofile`.execute(executor);
  const mine = new Set(
    (await sql<{ profileid: string }>`select profileid from fs_fieldprofilemember where principalid in (${sql.join(ids)})`.execute(executor)).rows.map(
      (r) => r.profileid,
    ),
  );
  const fields: Record<string, Record<string, StoreFieldPermission>> = {};
  for (const profile of allProfiles.rows) {
    const granted = JSON.parse(profile.fields) as Record<string, Record<string, StoreFieldPermission>>;
    const member = mine.has(profile.id);
    for (const [entity, byField] of Object.entries(granted)) {
      const target = (fields[entity] ??= {});
      for (const [field, permission] of Object.entries(byField)) {
        // A field named in any profile is secured; only members' grants open it.
        const current = target[field] ?? { read: false, create: false, update: false };
        target[field] = member
          ? { read: current.read || permission.read, create: current.create || permission.create, update: current.update || permission.update }
          : current;
      }
    }
  }
  return { entities, fields, teams: principal.teamIds };
}
