import type { CrmConnector } from '@fieldsync/connector-api';
import { createConformanceRecordGenerator } from '../conformance-record-generator';
import type { ConformanceUser } from '../conformance-harness';
import { idsOf } from '../support/ids-of';
import { readAllPages, type ReadAllResult } from '../support/read-all-pages';
import type { ConformanceContext } from './conformance-context';

/** Visibility by privilege depth, sharing and reassignment, permissions. */
export function registerSecurityChecks(ctx: ConformanceContext): void {
  const fullRead = (connector: CrmConnector): Promise<ReadAllResult> => readAllPages(connector, { entity: 'account', pageSize: 100 });

  async function seedForAlice(count: number, seed: number): Promise<string[]> {
    return ctx.control().seed('account', createConformanceRecordGenerator(seed).accounts(count), 'alice');
  }

  async function connectAndRead(user: ConformanceUser): Promise<{ connector: CrmConnector; read: ReadAllResult }> {
    const connector = await ctx.connect(user);
    return { connector, read: await fullRead(connector) };
  }

  ctx.check('hides records from a user with user-depth read in another business unit', async () => {
    const alices = await seedForAlice(20, 61);
    const carols = await ctx.control().seed('account', createConformanceRecordGenerator(62).accounts(4), 'carol');
    const { read } = await connectAndRead('carol');
    expect(idsOf(read.records)).toEqual([...carols].sort());
    expect(read.records.some((record) => alices.includes(record.id))).toBe(false);
    const counts = await (await ctx.connect('carol')).count({ entity: 'account' });
    expect(counts.matching).toBe(4);
  });

  ctx.check('shows the records of a business unit to a user with business-unit-depth read', async () => {
    const alices = await seedForAlice(20, 63);
    await ctx.control().seed('account', createConformanceRecordGenerator(64).accounts(4), 'carol');
    const { read } = await connectAndRead('bob');
    expect(idsOf(read.records)).toEqual([...alices].sort());
  });

  ctx.check(
    'reports a record shared with the user in their next incremental read',
    async () => {
      const [shared] = await seedForAlice(5, 65);
      const { connector, read } = await connectAndRead('carol');
      expect(read.records).toEqual([]);
      await ctx.control().share('account', shared, 'carol');
      const changes = await readAllPages(connector, { entity: 'account', anchor: read.anchor, pageSize: 100 });
      expect(idsOf(changes.records)).toEqual([shared]);
      expect(changes.records[0].fields.name).toBeDefined();
    },
    { requires: 'visibilityChanges' },
  );

  ctx.check(
    'reports a record unshared from the user as removed for no-access',
    async () => {
      const [shared] = await seedForAlice(5, 66);
      await ctx.control().share('account', shared, 'carol');
      const { connector, read } = await connectAndRead('carol');
      expect(idsOf(read.records)).toEqual([shared]);
      await ctx.control().unshare('account', shared, 'carol');
      const changes = await readAllPages(connector, { entity: 'account', anchor: read.anchor, pageSize: 100 });
      expect(changes.records).toEqual([]);
      expect(changes.removed).toEqual([{ id: shared, reason: 'no-access' }]);
    },
    { requires: 'visibilityChanges' },
  );

  ctx.check(
    'reports a reassigned record as gained by the new owner and removed for no-access from the old one',
    async () => {
      const [moved] = await seedForAlice(5, 67);
      const alice = await connectAndRead('alice');
      const carol = await connectAndRead('carol');
      await ctx.control().reassign('account', moved, 'carol');
      const carolChanges = await readAllPages(carol.connector, { entity: 'account', anchor: carol.read.anchor, pageSize: 100 });
      expect(idsOf(carolChanges.records)).toEqual([moved]);
      const aliceChanges = await readAllPages(alice.connector, { entity: 'account', anchor: alice.read.anchor, pageSize: 100 });
      expect(aliceChanges.records).toEqual([]);
      expect(aliceChanges.removed).toEqual([{ id: moved, reason: 'no-access' }]);
    },
    { requires: 'visibilityChanges' },
  );

  ctx.check(
    'lists shares, unshares and reassignments in readSharingChanges',
    async () => {
      const [shared, moved] = await seedForAlice(5, 68);
      const alice = await connectAndRead('alice');
      const carol = await connectAndRead('carol');
      const carolConnector = carol.connector as Required<CrmConnector>;
      const aliceConnector = alice.connector as Required<CrmConnector>;
      await ctx.control().share('account', shared, 'carol');
      await ctx.control().reassign('account', moved, 'carol');
      const gained = await carolConnector.readSharingChanges({ entity: 'account', since: carol.read.anchor });
      expect(idsOf(gained.gained)).toEqual([shared, moved].sort());
      expect(gained.lost).toEqual([]);
      const lostByAlice = await aliceConnector.readSharingChanges({ entity: 'account', since: alice.read.anchor });
      expect(lostByAlice.lost).toEqual([moved]);
      expect(lostByAlice.gained).toEqual([]);
      const carolAfter = await readAllPages(carol.connector, { entity: 'account', anchor: carol.read.anchor, pageSize: 100 });
      await ctx.control().unshare('account', shared, 'carol');
      const lost = await carolConnector.readSharingChanges({ entity: 'account', since: carolAfter.anchor });
      expect(lost).toEqual({ gained: [], lost: [shared] });
    },
    { requires: 'sharedRecords' },
  );

  ctx.check('reports entity privileges by depth for each user', async () => {
    const alice = await (await ctx.connect('alice')).permissions();
    const bob = await (await ctx.connect('bob')).permissions();
    const admin = await (await ctx.connect('admin')).permissions();
    for (const entity of ['account', 'contact', 'annotation']) {
      expect(alice.entities[entity]).toMatchObject({ create: 'user', read: 'user', write: 'user', delete: 'user' });
      // Where profiles reach either owned-and-shared records or all of them, bob's unit reach is sharing's.
      expect(bob.entities[entity]).toMatchObject({ read: ctx.options.privilegeDepths === 'all' ? 'businessUnit' : 'user' });
      expect(bob.entities[entity]?.write ?? 'none').toBe('none');
      expect(admin.entities[entity]).toMatchObject({ create: 'organization', read: 'organization', write: 'organization', delete: 'organization' });
    }
    expect(Array.isArray(alice.teams)).toBe(true);
  });

  ctx.check(
    'reports field-level security alongside the privileges',
    async () => {
      const permissions = await (await ctx.connect('alice')).permissions();
      expect(typeof permissions.fields).toBe('object');
      for (const fields of Object.values(permissions.fields ?? {})) {
        for (const permission of Object.values(fields)) {
          expect(typeof permission.read === 'boolean' && typeof permission.create === 'boolean' && typeof permission.update === 'boolean').toBe(true);
        }
      }
    },
    { requires: 'fieldLevelSecurity' },
  );
}
