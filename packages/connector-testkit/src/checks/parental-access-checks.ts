import { randomUUID } from 'node:crypto';
import type { CrmConnector, DeletedRecord } from '@fieldsync/connector-api';
import type { Anchor, FieldValues } from '@fieldsync/model';
import { createConformanceRecordGenerator } from '../conformance-record-generator';
import type { ConformanceUser } from '../conformance-harness';
import { idsOf } from '../support/ids-of';
import { readAllPages } from '../support/read-all-pages';
import type { ConformanceContext } from './conformance-context';

const CHILD = 'customeraddress';

function addresses(count: number, accountId: string, city: string): FieldValues[] {
  return Array.from({ length: count }, (_, i) => ({ name: `Address ${i}`, city, parentid: { entity: 'account', id: accountId } }));
}

async function allDeletes(connector: CrmConnector, since: Anchor): Promise<DeletedRecord[]> {
  const deleted: DeletedRecord[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await connector.readDeletes({ entity: CHILD, since, cursor, pageSize: 100 });
    deleted.push(...page.deleted);
    cursor = page.cursor;
    if (cursor === undefined) return deleted;
  }
  throw new Error('readDeletes did not finish within 100 pages');
}

/**
 * A parental child without an owner (`customeraddress` under `account`) is controlled by its parent,
 * as Dataverse's "controlled by parent" and Salesforce's master-detail: reads, counts, filters,
 * incremental reads, deletes and writes reach a child only through access to its parent record.
 */
export function registerParentalAccessChecks(ctx: ConformanceContext): void {
  /** alice's account (north) with 2 addresses, carol's (south) with 3. */
  async function seedAccountsWithAddresses() {
    const generator = createConformanceRecordGenerator(91);
    const [aliceAccount] = await ctx.control().seed('account', generator.accounts(1), 'alice');
    const [carolAccount] = await ctx.control().seed('account', generator.accounts(1), 'carol');
    const alices = await ctx.control().seed(CHILD, addresses(2, aliceAccount, 'Bergen'), 'alice');
    const carols = await ctx.control().seed(CHILD, [...addresses(2, carolAccount, 'Lyon'), ...addresses(1, carolAccount, 'Porto')], 'carol');
    return { aliceAccount, carolAccount, alices, carols };
  }

  ctx.check('a child controlled by its parent is read and counted only by users with access to the parent, filters included', async () => {
    const { alices, carols } = await seedAccountsWithAddresses();
    const expected: [ConformanceUser, string[]][] = [
      ['alice', alices],
      ['carol', carols],
      // bob reads the accounts of his business unit (north): alice's, not carol's.
      ['bob', alices],
      ['admin', [...alices, ...carols]],
    ];
    for (const [user, ids] of expected) {
      const connector = await ctx.connect(user);
      const read = await readAllPages(connector, { entity: CHILD, pageSize: 100 });
      expect({ user, ids: idsOf(read.records) }).toEqual({ user, ids: [...ids].sort() });
      expect({ user, count: (await connector.count({ entity: CHILD })).matching }).toEqual({ user, count: ids.length });
    }
    const carol = await ctx.connect('carol');
    const lyon = { kind: 'condition', field: 'city', operator: 'eq', value: 'Lyon' } as const;
    expect(idsOf((await readAllPages(carol, { entity: CHILD, pageSize: 100, filter: lyon })).records)).toEqual(carols.slice(0, 2).sort());
    expect((await carol.count({ entity: CHILD, filter: lyon })).matching).toBe(2);
    const bergen = { kind: 'condition', field: 'city', operator: 'eq', value: 'Bergen' } as const;
    expect((await readAllPages(carol, { entity: CHILD, pageSize: 100, filter: bergen })).records).toEqual([]);
  });

  ctx.check('a child controlled by its parent is written only by users who may write the parent', async () => {
    const { aliceAccount, alices, carols } = await seedAccountsWithAddresses();
    const carol = await ctx.connect('carol');
    const refused = await carol.writeBatch({
      operations: [
        { kind: 'update', entity: CHILD, id: alices[0], idempotencyKey: randomUUID(), fields: { city: 'Taken' } },
        { kind: 'delete', entity: CHILD, id: alices[1], idempotencyKey: randomUUID() },
        {
          kind: 'create',
          entity: CHILD,
          idempotencyKey: randomUUID(),
          fields: { name: 'Intruder', city: 'Cork', parentid: { entity: 'account', id: aliceAccount } },
        },
      ],
    });
    expect(refused.map((result) => result.status === 'ok')).toEqual([false, false, false]);
    expect((await ctx.control().get(CHILD, alices[0]))?.['city']).toBe('Bergen');
    expect(await ctx.control().get(CHILD, alices[1])).toBeDefined();
    expect(await ctx.control().countAll(CHILD)).toBe(alices.length + carols.length);
    // bob may read alice's account (business-unit read) but not write it: her addresses stay as they are.
    const bob = await ctx.connect('bob');
    const [bobUpdate] = await bob.writeBatch({
      operations: [{ kind: 'update', entity: CHILD, id: alices[0], idempotencyKey: randomUUID(), fields: { city: 'Taken' } }],
    });
    expect(bobUpdate.status).not.toBe('ok');
    expect((await ctx.control().get(CHILD, alices[0]))?.['city']).toBe('Bergen');
    // The owner of the parent may do all of it.
    const alice = await ctx.connect('alice');
    const allowed = await alice.writeBatch({
      operations: [
        { kind: 'update', entity: CHILD, id: alices[0], idempotencyKey: randomUUID(), fields: { city: 'Oslo' } },
        {
          kind: 'create',
          entity: CHILD,
          idempotencyKey: randomUUID(),
          fields: { name: 'Second office', city: 'Cork', parentid: { entity: 'account', id: aliceAccount } },
        },
        { kind: 'delete', entity: CHILD, id: alices[1], idempotencyKey: randomUUID() },
      ],
    });
    expect(allowed.map((result) => result.status)).toEqual(['ok', 'ok', 'ok']);
    expect((await ctx.control().get(CHILD, alices[0]))?.['city']).toBe('Oslo');
  });

  ctx.check(
    'a child leaves the view of a user who loses its parent, reported as no-access, and joins the new owner',
    async () => {
      const { aliceAccount, alices, carols } = await seedAccountsWithAddresses();
      const alice = await ctx.connect('alice');
      const carol = await ctx.connect('carol');
      const aliceRead = await readAllPages(alice, { entity: CHILD, pageSize: 100 });
      const carolRead = await readAllPages(carol, { entity: CHILD, pageSize: 100 });
      await ctx.control().reassign('account', aliceAccount, 'carol');
      const aliceChanges = await readAllPages(alice, { entity: CHILD, anchor: aliceRead.anchor, pageSize: 100 });
      expect(aliceChanges.records).toEqual([]);
      expect([...aliceChanges.removed].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...alices].sort().map((id) => ({ id, reason: 'no-access' })));
      const carolChanges = await readAllPages(carol, { entity: CHILD, anchor: carolRead.anchor, pageSize: 100 });
      expect(idsOf(carolChanges.records)).toEqual([...alices].sort());
      expect(idsOf((await readAllPages(carol, { entity: CHILD, pageSize: 100 })).records)).toEqual([...alices, ...carols].sort());
    },
    { requires: 'visibilityChanges' },
  );

  ctx.check('lists a deleted child only to users who could read its parent', async () => {
    const { carolAccount, carols } = await seedAccountsWithAddresses();
    const alice = await ctx.connect('alice');
    const carol = await ctx.connect('carol');
    const aliceRead = await readAllPages(alice, { entity: CHILD, pageSize: 100 });
    const carolRead = await readAllPages(carol, { entity: CHILD, pageSize: 100 });
    await ctx.control().remove('account', carolAccount);
    expect(idsOf(await allDeletes(carol, carolRead.anchor))).toEqual([...carols].sort());
    expect(await allDeletes(alice, aliceRead.anchor)).toEqual([]);
  });
}
