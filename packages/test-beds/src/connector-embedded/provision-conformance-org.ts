import type { CrmStore, StoreEntityPrivileges, StorePrivilegeDepth } from '@fieldsync/crm-store';
import type { Schema } from '@fieldsync/model';

/** The password of every provisioned conformance user. */
export const CONFORMANCE_PASSWORD = 'conformance-Pa55word';

/** Ids of the provisioned conformance users. */
export interface ConformanceOrg {
  readonly userIds: { readonly alice: string; readonly bob: string; readonly carol: string; readonly admin: string };
}

const every = (depth: StorePrivilegeDepth): StoreEntityPrivileges => ({
  create: depth,
  read: depth,
  write: depth,
  delete: depth,
  append: depth,
  appendTo: depth,
});

/**
 * Provisions the conformance world in a store that has `schema` applied: business units north and
 * south under a root; alice and bob in north, carol in south, admin in the root; alice and carol
 * with user depth on everything, bob with business-unit-depth read only, admin with organization depth.
 */
export async function provisionConformanceOrg(store: CrmStore, schema: Schema): Promise<ConformanceOrg> {
  const root = await store.createBusinessUnit({ name: 'conformance' });
  const north = await store.createBusinessUnit({ name: 'north', parentId: root });
  const south = await store.createBusinessUnit({ name: 'south', parentId: root });
  const user = (userName: string, fullName: string, businessUnitId: string): Promise<string> =>
    store.createUser({ userName, fullName, password: CONFORMANCE_PASSWORD, businessUnitId });
  const userIds = {
    alice: await user('alice', 'Alice North', north),
    bob: await user('bob', 'Bob North', north),
    carol: await user('carol', 'Carol South', south),
    admin: await user('admin', 'Conformance Admin', root),
  };
  const onEveryEntity = (privileges: Partial<StoreEntityPrivileges>) => Object.fromEntries(schema.entities.map((entity) => [entity.name, privileges]));
  const salesperson = await store.createSecurityRole({ name: 'conformance salesperson', privileges: onEveryEntity(every('user')) });
  const viewer = await store.createSecurityRole({ name: 'conformance viewer', privileges: onEveryEntity({ read: 'businessUnit' }) });
  const administrator = await store.createSecurityRole({ name: 'conformance administrator', privileges: onEveryEntity(every('organization')) });
  await store.assignRole(userIds.alice, salesperson);
  await store.assignRole(userIds.carol, salesperson);
  await store.assignRole(userIds.bob, viewer);
  await store.assignRole(userIds.admin, administrator);
  return { userIds };
}
