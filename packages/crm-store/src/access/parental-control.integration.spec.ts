import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManualClock, type Schema } from '@fieldsync/model';
import type { CrmStore } from '../api/crm-store';
import type { Principal } from '../api/principal';
import { openCrmStore } from '../store/open-crm-store';

const owner = { name: 'ownerid', type: 'owner', targets: ['systemuser', 'team'] } as const;
/** A quote (owned) with lines (no owner: controlled by the quote) and line notes (no owner: controlled by the line). */
const schema: Schema = {
  entities: [
    {
      name: 'quote',
      primaryKey: 'quoteid',
      fields: [{ name: 'quoteid', type: 'string' }, { name: 'name', type: 'string' }, { name: 'totalamount', type: 'money', readOnly: true }, owner],
    },
    {
      name: 'quotedetail',
      primaryKey: 'quotedetailid',
      kind: 'child',
      fields: [
        { name: 'quotedetailid', type: 'string' },
        { name: 'quoteid', type: 'lookup', targets: ['quote'], parent: true, required: true },
        { name: 'quantity', type: 'decimal' },
        { name: 'priceperunit', type: 'money' },
        { name: 'extendedamount', type: 'money', readOnly: true },
      ],
    },
    {
      name: 'quotedetailnote',
      primaryKey: 'quotedetailnoteid',
      kind: 'child',
      fields: [
        { name: 'quotedetailnoteid', type: 'string' },
        // Not required in the schema: the store still refuses a note without its line.
        { name: 'quotedetailid', type: 'lookup', targets: ['quotedetail'], parent: true },
        { name: 'text', type: 'string' },
      ],
    },
  ],
};

const USER = { create: 'user', read: 'user', write: 'user', delete: 'user', append: 'user', appendTo: 'user' } as const;

describe('crm-store: a child without an owner is controlled by its parent', () => {
  let dir: string;
  let store: CrmStore;
  let alice: Principal;
  let bob: Principal;
  let carol: Principal;
  let ids: { alice: string; bob: string; carol: string };
  let quotes: { alice: string; bob: string; carol: string };
  let lines: { alice: string[]; bob: string[]; carol: string[] };

  const line = (quoteId: string, n: number) => ({ quoteid: { entity: 'quote', id: quoteId }, quantity: n, priceperunit: 10 });
  const idsOf = (records: readonly { id: string }[]) => records.map((r) => r.id).sort();
  const write = (principal: Principal, op: Record<string, unknown>) =>
    store.write(principal, [{ idempotencyKey: `k-${Math.random()}`, ...op } as never]).then((results) => results[0]);

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-store-parental-'));
    store = await openCrmStore({ file: path.join(dir, 'crm.db'), clock: new ManualClock(Date.parse('2026-03-02T09:00:00Z')) });
    await store.applySchema(schema);
    const root = await store.createBusinessUnit({ name: 'root' });
    const north = await store.createBusinessUnit({ name: 'north', parentId: root });
    const south = await store.createBusinessUnit({ name: 'south', parentId: root });
    const a = await store.createUser({ userName: 'alice', fullName: 'Alice', password: 'pw-a', businessUnitId: north });
    const b = await store.createUser({ userName: 'bob', fullName: 'Bob', password: 'pw-b', businessUnitId: north });
    const c = await store.createUser({ userName: 'carol', fullName: 'Carol', password: 'pw-c', businessUnitId: south });
    const role = await store.createSecurityRole({ name: 'sales', privileges: Object.fromEntries(schema.entities.map((e) => [e.name, USER])) });
    for (const u of [a, b, c]) await store.assignRole(u, role);
    ids = { alice: a, bob: b, carol: c };
    alice = await store.principalOf(a);
    bob = await store.principalOf(b);
    carol = await store.principalOf(c);
    const [qa] = await store.insertMany('quote', [{ name: 'QA' }], { ownerId: a });
    const [qb] = await store.insertMany('quote', [{ name: 'QB' }], { ownerId: b });
    const [qc] = await store.insertMany('quote', [{ name: 'QC' }], { ownerId: c });
    quotes = { alice: qa, bob: qb, carol: qc };
    lines = {
      alice: await store.insertMany('quotedetail', [line(qa, 1), line(qa, 2), line(qa, 3)]),
      bob: await store.insertMany('quotedetail', [line(qb, 1), line(qb, 2)]),
      carol: await store.insertMany('quotedetail', [line(qc, 1), line(qc, 2), line(qc, 3), line(qc, 4)]),
    };
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads and counts only the lines of quotes the user may read, filters included', async () => {
    const page = await store.readFull(bob, { entity: 'quotedetail', limit: 100 });
    expect(idsOf(page.records)).toEqual([...lines.bob].sort());
    expect((await store.count(bob, { entity: 'quotedetail' })).matching).toBe(2);
    const filtered = await store.count(bob, { entity: 'quotedetail', filter: { kind: 'condition', field: 'quantity', operator: 'ge', value: 2 } });
    expect(filtered.matching).toBe(1);
    expect((await store.readFull(carol, { entity: 'quotedetail', limit: 100 })).records).toHaveLength(4);
    // A grandchild follows its line, which follows its quote.
    const [note] = await store.insertMany('quotedetailnote', [{ quotedetailid: { entity: 'quotedetail', id: lines.alice[0] }, text: 'n' }]);
    expect(idsOf((await store.readFull(alice, { entity: 'quotedetailnote', limit: 10 })).records)).toEqual([note]);
    expect((await store.readFull(bob, { entity: 'quotedetailnote', limit: 10 })).records).toEqual([]);
  });

  it("refuses bob's update, delete and create of lines under alice's quote, and her quote's total stays", async () => {
    const before = await store.getAsSystem('quote', quotes.alice);
    const update = await write(bob, { kind: 'update', entity: 'quotedetail', id: lines.alice[0], fields: { quantity: 100 } });
    expect(update).toMatchObject({ status: 'failed', error: { code: 'PERMISSION_DENIED' } });
    const remove = await write(bob, { kind: 'delete', entity: 'quotedetail', id: lines.alice[1] });
    expect(remove).toMatchObject({ status: 'failed', error: { code: 'PERMISSION_DENIED' } });
    const create = await write(bob, { kind: 'create', entity: 'quotedetail', fields: line(quotes.alice, 5) });
    expect(create).toMatchObject({ status: 'failed', error: { code: 'PERMISSION_DENIED', field: 'quoteid' } });
    const after = await store.getAsSystem('quote', quotes.alice);
    expect(after?.fields['totalamount']).toBe(before?.fields['totalamount']);
    expect(after?.version).toBe(before?.version);
    expect(await store.getAsSystem('quotedetail', lines.alice[1])).toBeDefined();
    // Moving one's own line under alice's quote is a create under a parent one cannot write.
    const move = await write(bob, { kind: 'update', entity: 'quotedetail', id: lines.bob[0], fields: { quoteid: { entity: 'quote', id: quotes.alice } } });
    expect(move).toMatchObject({ status: 'failed', error: { code: 'PERMISSION_DENIED', field: 'quoteid' } });
    // A child is never made or left without its parent: nobody could reach it.
    const orphan = await write(alice, { kind: 'create', entity: 'quotedetailnote', fields: { text: 'lost' } });
    expect(orphan).toMatchObject({ status: 'failed', error: { code: 'VALIDATION_FAILED', field: 'quotedetailid' } });
    const note = await write(alice, {
      kind: 'create',
      entity: 'quotedetailnote',
      fields: { text: 'n', quotedetailid: { entity: 'quotedetail', id: lines.alice[0] } },
    });
    expect(note).toMatchObject({ status: 'ok' });
    const cut = await write(alice, { kind: 'update', entity: 'quotedetailnote', id: note.id, fields: { quotedetailid: null } });
    expect(cut).toMatchObject({ status: 'failed', error: { code: 'VALIDATION_FAILED', field: 'quotedetailid' } });
    // The owner of the quote may do all of it.
    expect(await write(alice, { kind: 'update', entity: 'quotedetail', id: lines.alice[0], fields: { quantity: 100 } })).toMatchObject({ status: 'ok' });
    expect(await write(alice, { kind: 'create', entity: 'quotedetail', fields: line(quotes.alice, 5) })).toMatchObject({ status: 'ok' });
    expect(await write(alice, { kind: 'delete', entity: 'quotedetail', id: lines.alice[1] })).toMatchObject({ status: 'ok' });
  });

  it('lets a share of the parent read its lines but not write them', async () => {
    await store.share('quote', quotes.alice, ids.bob);
    expect(idsOf((await store.readFull(bob, { entity: 'quotedetail', limit: 100 })).records)).toEqual([...lines.alice, ...lines.bob].sort());
    const update = await write(bob, { kind: 'update', entity: 'quotedetail', id: lines.alice[0], fields: { quantity: 9 } });
    expect(update).toMatchObject({ status: 'failed', error: { code: 'PERMISSION_DENIED' } });
    expect(await store.recordAccess(bob, 'quotedetail', [lines.alice[0], lines.carol[0], lines.bob[0]])).toEqual([
      { id: lines.alice[0], read: true, write: false, delete: false, append: false, appendTo: false },
      { id: lines.carol[0], read: false, write: false, delete: false, append: false, appendTo: false },
      { id: lines.bob[0], read: true, write: true, delete: true, append: true, appendTo: true },
    ]);
  });

  it('reports the lines as lost when their quote leaves the user, and as gained when it comes back', async () => {
    const anchor = await store.currentVersion();
    await store.assign('quote', quotes.bob, ids.alice);
    let changes = await store.readChanges(bob, { entity: 'quotedetail', afterVersion: anchor, limit: 100 });
    expect(changes.records).toEqual([]);
    expect(changes.removed.map((r) => r.id).sort()).toEqual([...lines.bob].sort());
    expect(changes.removed.every((r) => r.reason === 'no-access')).toBe(true);
    const lost = await store.sharingChangesSince(bob, { entity: 'quotedetail', afterVersion: anchor });
    expect(lost).toEqual({ gained: [], lost: expect.arrayContaining(lines.bob) as unknown });
    expect((await store.count(bob, { entity: 'quotedetail', afterVersion: anchor })).changedSince).toBe(2);
    // carol never saw them: nothing is named to her.
    expect(await store.readChanges(carol, { entity: 'quotedetail', afterVersion: anchor, limit: 100 })).toMatchObject({ records: [], removed: [] });
    expect(await store.sharingChangesSince(carol, { entity: 'quotedetail', afterVersion: anchor })).toEqual({ gained: [], lost: [] });

    const next = changes.lastVersion;
    await store.share('quote', quotes.carol, ids.bob);
    changes = await store.readChanges(bob, { entity: 'quotedetail', afterVersion: next, limit: 100 });
    expect(idsOf(changes.records)).toEqual([...lines.carol].sort());
    expect(idsOf((await store.sharingChangesSince(bob, { entity: 'quotedetail', afterVersion: next })).gained)).toEqual([...lines.carol].sort());
    // alice gained bob's quote and its lines.
    expect(idsOf((await store.readChanges(alice, { entity: 'quotedetail', afterVersion: anchor, limit: 100 })).records)).toEqual([...lines.bob].sort());
  });

  it('names deleted lines only to users who could read their quote when they were deleted', async () => {
    const anchor = await store.currentVersion();
    expect(await write(alice, { kind: 'delete', entity: 'quotedetail', id: lines.alice[0] })).toMatchObject({ status: 'ok' });
    await store.deleteAsSystem('quote', quotes.carol);
    const deletedFor = async (principal: Principal) =>
      (await store.deletesSince(principal, { entity: 'quotedetail', afterVersion: anchor, limit: 100 })).deleted.map((t) => t.id).sort();
    expect(await deletedFor(alice)).toEqual([lines.alice[0]]);
    expect(await deletedFor(carol)).toEqual([...lines.carol].sort());
    expect(await deletedFor(bob)).toEqual([]);
    expect((await store.count(bob, { entity: 'quotedetail', afterVersion: anchor })).deletedSince).toBe(0);
  });
});
