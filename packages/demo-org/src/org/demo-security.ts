import type { SeededRandom } from '../random/seeded-random';
import type { DemoBusinessUnit, DemoEntityPrivileges, DemoPrivilegeDepth, DemoRole, DemoUser } from './demo-org';
import { DEMO_PASSWORD } from './demo-password';

/** The names of the demo org's roles. */
export const DEMO_ROLE_NAMES = {
  salesRep: 'Salesperson',
  manager: 'Sales Manager',
  admin: 'System Administrator',
} as const;

/** The demo org's business units, roles and users. */
export interface DemoSecurity {
  readonly businessUnits: readonly DemoBusinessUnit[];
  readonly roles: readonly DemoRole[];
  readonly users: readonly DemoUser[];
}

function uniform(depth: DemoPrivilegeDepth): DemoEntityPrivileges {
  return { create: depth, read: depth, write: depth, delete: depth, append: depth, appendTo: depth };
}

function privilegesFor(entities: readonly string[], build: (entity: string) => DemoEntityPrivileges): Record<string, DemoEntityPrivileges> {
  return Object.fromEntries(entities.map((entity) => [entity, build(entity)]));
}

/**
 * Builds the security of the demo org: a root business unit with `north` and `south` under it; alice and
 * bob (north) and carol (south) are sales reps, admin (root) is the system administrator.
 * A sales rep works on their own records but reads every account of their business unit; a sales
 * manager works on the whole business unit; the administrator on everything.
 */
export function buildDemoSecurity(random: SeededRandom, entities: readonly string[]): DemoSecurity {
  const root: DemoBusinessUnit = { id: random.uuid(), name: 'Fieldsync Demo' };
  const north: DemoBusinessUnit = { id: random.uuid(), name: 'north', parentId: root.id };
  const south: DemoBusinessUnit = { id: random.uuid(), name: 'south', parentId: root.id };

  const roles: DemoRole[] = [
    {
      id: random.uuid(),
      name: DEMO_ROLE_NAMES.salesRep,
      privileges: privilegesFor(entities, (entity) =>
        entity === 'account' ? { ...uniform('user'), read: 'businessUnit', appendTo: 'businessUnit' } : uniform('user'),
      ),
    },
    { id: random.uuid(), name: DEMO_ROLE_NAMES.manager, privileges: privilegesFor(entities, () => uniform('businessUnit')) },
    { id: random.uuid(), name: DEMO_ROLE_NAMES.admin, privileges: privilegesFor(entities, () => uniform('organization')) },
  ];

  const user = (userName: string, fullName: string, unit: DemoBusinessUnit, role: string): DemoUser => ({
    id: random.uuid(),
    userName,
    fullName,
    email: `${userName}@demo.fieldsync.dev`,
    businessUnitId: unit.id,
    password: DEMO_PASSWORD,
    roles: [role],
  });
  const users = [
    user('alice', 'Alice Archer', north, DEMO_ROLE_NAMES.salesRep),
    user('bob', 'Bob Baker', north, DEMO_ROLE_NAMES.salesRep),
    user('carol', 'Carol Carter', south, DEMO_ROLE_NAMES.salesRep),
    user('admin', 'Demo Administrator', root, DEMO_ROLE_NAMES.admin),
  ];
  return { businessUnits: [root, north, south], roles, users };
}
