import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FieldsyncError, ManualClock, type Schema } from '@fieldsync/model';
import type { CrmStore } from '../api/crm-store';
import type { Principal } from '../api/principal';
import { openCrmStore } from './open-crm-store';

const owner = { name: 'ownerid', type: 'owner', targets: ['systemuser', 'team'] } as const;
const schema: Schema = {
  entities: [
    {
      name: 'account',
      primaryKey: 'accountid',
      primaryName: 'name',
      fields: [
        { name: 'accountid', type: 'string' },
        { name: 'name', type: 'string', required: true, maxLength: 100 },
        { name: 'city', type: 'string' },
        { name: 'revenue', type: 'money' },
        { name: 'creditlimit', type: 'money' },
        owner,
        { name: 'modifiedon', type: 'datetime', readOnly: true },
      ],
    },
    {
      name: 'contact',
      primaryKey: 'contactid',
      fields: [
        { name: 'contactid', type: 'string' },
        { name: 'fullname', type: 'string', required: true },
        { name: 'parentcustomerid', type: 'lookup', targets: ['account'], parent: true },
        owner,
      ],
    },
    {
      name: 'quote',
      primaryKey: 'quoteid',
      fields: [
        { name: 'quoteid', type: 'string' },
        { name: 'name', type: 'string' },
        { name: 'totalamount', type: 'money', readOnly: true },
        { name: 'totallineitemamount', type: 'money', readOnly: true },
        owner,
      ],
    },
    {
      name: 'quotedetail',
      primaryKey: 'quotedetailid',
      fields: [
        { name: 'quotedetailid', type: 'string' },
        { name: 'quoteid', type: 'lookup', targets: ['quote'], parent: true },
        { name: 'quantity', type: 'decimal' },
        { name: 'priceperunit', type: 'money' },
        { name: 'manualdiscountamount', type: 'money' },
        { name: 'extendedamount', type: 'money', readOnly: true },
        owner,
      ],
    },
    {
      name: 'annotation',
      primaryKey: 'annotationid',
      fields: [
        { name: 'annotationid', type: 'string' },
        { name: 'subject', type: 'string' },
        { name: 'filename', type: 'string' },
        { name: 'mimetype', type: 'string' },
        { name: 'filesize', type: 'int', readOnly: true },
        { name: 'isdocument', type: 'bool', readOnly: true },
        owner,
      ],
    },
  ],
};

const ALL = { create: 'user', read: 'user', write: 'user', delete: 'user', append: 'user', appendTo: 'user' } as const;

describe('crm-store', () => {
  let dir: string;
  let clock: ManualClock;
  let store: CrmStore;
  let alice: Principal;
  let bob: Principal;
  let carol: Principal;
  let ids: { alice: string; bob: string; carol: string; north: string; south: string };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-store-'));
    clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
    store = await openCrmStore({ file: path.join(dir, 'crm.db'), clock });
    await store.applySchema(schema);
    const root = await store.createBusinessUnit({ name: 'root' });
    const north = await store.createBusinessUnit({ name: 'north', parentId: root });
    const south = await store.createBusinessUnit({ name: 'south', parentId: root });
    const a = await store.createUser({ userName: 'alice', fullName: 'Alice', password: 'pw-a', businessUnitId: north });
    const b = await store.createUser({ userName: 'bob', fullName: 'Bob', password: 'pw-b', businessUnitId: north });
    const c = await store.createUser({ userName: 'carol', fullName: 'Carol', password: 'pw-c', businessUnitId: south });
    const userRole = await store.createSecurityRole({
      name: 'sales',
      privileges: Object.fromEntries(schema.entities.map((e) => [e.name, ALL])),
    });
    const buReader = await store.createSecurityRole({ name: 'bu reader', privileges: { account: { read: 'businessUnit' } } });
    for (const u of [a, b, c]) await store.assignRole(u, userRole);
    await store.assignRole(b, buReader);
    ids = { alice: a, bob: b, carol: c, north, south };
    alice = await store.principalOf(a);
    bob = await store.principalOf(b);
    carol = await store.principalOf(c);
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const names = (records: readonly { fields: Record<string, unknown> }[]) => records.map((r) => r.fields['name']).sort();

  it('shows records by depth: own at user depth, the business unit at businessUnit depth, plus shares', async () => {
    await store.insertMany('account', [{ name: 'A1' }, { name: 'A2' }], { ownerId: ids.alice });
    const [c1] = await store.insertMany('account', [{ name: 'C1' }], { ownerId: ids.carol });
    expect(names((await store.readFull(alice, { entity: 'account', limit: 10 })).records)).toEqual(['A1', 'A2']);
    expect(names((await store.readFull(bob, { entity: 'account', limit: 10 })).records)).toEqual(['A1', 'A2']);
    expect(names((await store.readFull(carol, { entity: 'account', limit: 10 })).records)).toEqual(['C1']);
    await store.share('account', c1, ids.alice);
    expect(names((await store.readFull(alice, { entity: 'account', limit: 10 })).records)).toEqual(['A1', 'A2', 'C1']);
  });

  it('reads in keyset pages with the filter run in SQL, sending only matching records', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ name: `N${String(i).padStart(2, '0')}`, city: i % 5 === 0 ? 'Oslo' : 'Rome' }));
    await store.insertMany('account', rows, { ownerId: ids.alice });
    store.resetMetrics();
    const seen: string[] = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await store.readFull(alice, {
        entity: 'account',
        filter: { kind: 'condition', field: 'city', operator: 'eq', value: 'Oslo' },
        fields: ['name'],
        afterId,
        limit: 3,
      });
      seen.push(...page.records.map((r) => String(r.fields['name'])));
      for (const r of page.records) expect(Object.keys(r.fields).sort()).toEqual(['accountid', 'name']);
      afterId = page.lastId;
      if (page.done) break;
    }
    expect(seen.sort()).toEqual(rows.filter((r) => r.city === 'Oslo').map((r) => r.name));
    expect(store.metrics().recordsSent).toBe(10);
  });

  it('hides fields secured by field-level security and refuses writing them', async () => {
    const profile = await store.createFieldSecurityProfile({
      name: 'finance',
      fields: { account: { creditlimit: { read: true, create: true, update: true } } },
    });
    await store.addFieldSecurityProfileMember(profile, ids.bob);
    const [id] = await store.insertMany('account', [{ name: 'A', creditlimit: 500 }], { ownerId: ids.alice });
    const asAlice = (await store.readFull(alice, { entity: 'account', limit: 5 })).records[0];
    expect(asAlice.fields).not.toHaveProperty('creditlimit');
    const asBob = (await store.readFull(bob, { entity: 'account', limit: 5 })).records[0];
    expect(asBob.fields['creditlimit']).toBe(500);
    const [result] = await store.write(alice, [{ kind: 'update', entity: 'account', id, idempotencyKey: 'k1', fields: { creditlimit: 1 } }]);
    expect(result).toMatchObject({ status: 'failed', error: { code: 'PERMISSION_DENIED', field: 'creditlimit' } });
    expect((await store.getAsSystem('account', id))!.fields['creditlimit']).toBe(500);
  });

  it('reports shares, unshares and reassignments in the change stream without leaking unseen ids', async () => {
    const [a1] = await store.insertMany('account', [{ name: 'A1' }], { ownerId: ids.alice });
    const [c1, c2] = await store.insertMany('account', [{ name: 'C1' }, { name: 'C2' }], { ownerId: ids.carol });
    const anchor = await store.currentVersion();
    await store.share('account', c1, ids.alice);
    await store.updateAsSystem('account', c2, { city: 'Paris' });
    await store.assign('account', a1, ids.carol);
    let changes = await store.readChanges(alice, { entity: 'account', afterVersion: anchor, limit: 100 });
    expect(changes.records.map((r) => r.id)).toEqual([c1]);
    expect(changes.removed).toEqual([{ id: a1, reason: 'no-access' }]);
    expect(JSON.stringify(changes)).not.toContain(c2);
    const next = changes.lastVersion;
    await store.unshare('account', c1, ids.alice);
    changes = await store.readChanges(alice, { entity: 'account', afterVersion: next, limit: 100 });
    expect(changes.removed).toEqual([{ id: c1, reason: 'no-access' }]);
    const sharing = await store.sharingChangesSince(alice, { entity: 'account', afterVersion: anchor });
    expect(sharing.gained).toEqual([]);
    expect(sharing.lost.sort()).toEqual([a1, c1].sort());
  });

  it("reports an edited record that left the filter as removed with reason 'filter'", async () => {
    const [id] = await store.insertMany('account', [{ name: 'A', city: 'Oslo' }], { ownerId: ids.alice });
    const anchor = await store.currentVersion();
    await store.updateAsSystem('account', id, { city: 'Rome' });
    const changes = await store.readChanges(alice, {
      entity: 'account',
      afterVersion: anchor,
      filter: { kind: 'condition', field: 'city', operator: 'eq', value: 'Oslo' },
      limit: 10,
    });
    expect(changes.records).toEqual([]);
    expect(changes.removed).toEqual([{ id, reason: 'filter' }]);
  });

  it('lists tombstones of visible deletes and refuses versions older than the purged history', async () => {
    const [a1] = await store.insertMany('account', [{ name: 'A1' }], { ownerId: ids.alice });
    const [c1] = await store.insertMany('account', [{ name: 'C1' }], { ownerId: ids.carol });
    const anchor = await store.currentVersion();
    await store.deleteAsSystem('account', a1);
    await store.deleteAsSystem('account', c1);
    const page = await store.deletesSince(alice, { entity: 'account', afterVersion: anchor, limit: 10 });
    expect(page.deleted.map((d) => d.id)).toEqual([a1]);
    expect(page.deleted[0].deletedAt).toBe('2026-03-02T09:00:00.000Z');
    expect((await store.count(alice, { entity: 'account', afterVersion: anchor })).deletedSince).toBe(1);
    clock.advance(31 * 86_400_000);
    await store.purgeHistory();
    const error = await store.deletesSince(alice, { entity: 'account', afterVersion: anchor, limit: 10 }).catch((e: unknown) => e);
    expect(FieldsyncError.is(error, 'STORE_HISTORY_EXPIRED')).toBe(true);
    const now = await store.currentVersion();
    expect((await store.deletesSince(alice, { entity: 'account', afterVersion: now, limit: 10 })).deleted).toEqual([]);
  });

  it('applies a repeated create, update and delete once and answers the first result as replayed', async () => {
    const create = { kind: 'create', entity: 'account', idempotencyKey: 'c-1', fields: { name: 'New' } } as const;
    const [first] = await store.write(alice, [create]);
    const [again] = await store.write(alice, [create]);
    expect(first).toMatchObject({ status: 'ok', replayed: false });
    expect(again).toMatchObject({ status: 'ok', replayed: true, id: (first as { id: string }).id });
    expect((await store.readFull(alice, { entity: 'account', limit: 10 })).records).toHaveLength(1);
    const id = (first as { id: string }).id;
    const update = {
      kind: 'update',
      entity: 'account',
      id,
      idempotencyKey: 'u-1',
      baseVersion: (first as { version: string }).version,
      fields: { city: 'Oslo' },
    } as const;
    const [u1] = await store.write(alice, [update]);
    const [u2] = await store.write(alice, [update]);
    expect(u1.status).toBe('ok');
    expect(u2).toMatchObject({ status: 'ok', replayed: true });
    const del = { kind: 'delete', entity: 'account', id, idempotencyKey: 'd-1' } as const;
    expect((await store.write(alice, [del]))[0].status).toBe('ok');
    expect((await store.write(alice, [del]))[0]).toMatchObject({ status: 'ok', replayed: true });
    expect(await store.getAsSystem('account', id)).toBeUndefined();
  });

  it('answers a conflict with the server record, and not-found for a deleted record', async () => {
    const [id] = await store.insertMany('account', [{ name: 'A' }], { ownerId: ids.alice });
    const before = (await store.getAsSystem('account', id))!;
    await store.updateAsSystem('account', id, { city: 'Server' });
    const [conflict] = await store.write(alice, [
      { kind: 'update', entity: 'account', id, idempotencyKey: 'x', baseVersion: before.version, fields: { city: 'Mine' } },
    ]);
    expect(conflict).toMatchObject({ status: 'conflict', serverRecord: { id, fields: { city: 'Server' } } });
    await store.deleteAsSystem('account', id);
    const [missing] = await store.write(alice, [{ kind: 'update', entity: 'account', id, idempotencyKey: 'y', fields: { city: 'Mine' } }]);
    expect(missing).toEqual({ status: 'not-found', idempotencyKey: 'y', id });
  });

  it('refuses writes without privilege, invalid values and dangling lookups, keeping the other operations', async () => {
    const [carols] = await store.insertMany('account', [{ name: 'C' }], { ownerId: ids.carol });
    const results = await store.write(alice, [
      { kind: 'update', entity: 'account', id: carols, idempotencyKey: '1', fields: { city: 'x' } },
      { kind: 'create', entity: 'account', idempotencyKey: '2', fields: { name: 5 as unknown as string } },
      { kind: 'create', entity: 'contact', idempotencyKey: '3', fields: { fullname: 'D', parentcustomerid: { entity: 'account', id: 'nope' } } },
      { kind: 'create', entity: 'account', id: 'client-id', idempotencyKey: '4', fields: { name: 'Kept' } },
    ]);
    expect(results.map((r) => (r.status === 'failed' ? `${r.error.code}:${r.error.field ?? ''}` : r.status))).toEqual([
      'PERMISSION_DENIED:',
      'VALIDATION_FAILED:name',
      'REFERENCE_NOT_FOUND:parentcustomerid',
      'ok',
    ]);
    expect((await store.getAsSystem('account', 'client-id'))!.fields['name']).toBe('Kept');
  });

  it('checks the owner each create names, the same owner many times in one batch included', async () => {
    const results = await store.write(alice, [
      { kind: 'create', entity: 'account', id: 'o-1', idempotencyKey: '1', fields: { name: 'Mine', ownerid: { entity: 'systemuser', id: ids.alice } } },
      { kind: 'create', entity: 'account', id: 'o-2', idempotencyKey: '2', fields: { name: 'Nobody', ownerid: { entity: 'systemuser', id: 'no-such-user' } } },
      { kind: 'create', entity: 'account', id: 'o-3', idempotencyKey: '3', fields: { name: 'Again', ownerid: { entity: 'systemuser', id: 'no-such-user' } } },
      { kind: 'create', entity: 'account', id: 'o-4', idempotencyKey: '4', fields: { name: 'Mine too', ownerid: { entity: 'systemuser', id: ids.alice } } },
      { kind: 'create', entity: 'account', id: 'o-5', idempotencyKey: '5', fields: { name: 'As a team', ownerid: { entity: 'team', id: ids.alice } } },
    ]);
    expect(results.map((r) => (r.status === 'failed' ? `${r.error.code}:${r.error.field ?? ''}` : r.status))).toEqual([
      'ok',
      'REFERENCE_NOT_FOUND:ownerid',
      'REFERENCE_NOT_FOUND:ownerid',
      'ok',
      'REFERENCE_NOT_FOUND:ownerid',
    ]);
    expect((await store.getAsSystem('account', 'o-4'))!.fields['ownerid']).toEqual({ entity: 'systemuser', id: ids.alice });
  });

  it('rolls back an all-or-none batch entirely when one operation fails', async () => {
    const results = await store.write(
      alice,
      [
        { kind: 'create', entity: 'account', id: 'a-1', idempotencyKey: '1', fields: { name: 'One' } },
        { kind: 'create', entity: 'account', idempotencyKey: '2', fields: {} },
      ],
      { allOrNone: true },
    );
    expect(results[0]).toMatchObject({ status: 'failed', error: { code: 'ROLLED_BACK', retryable: true } });
    expect(results[1]).toMatchObject({ status: 'failed', error: { code: 'VALIDATION_FAILED' } });
    expect(await store.getAsSystem('account', 'a-1')).toBeUndefined();
    // Nothing was remembered either: the same key applies now.
    const [retry] = await store.write(alice, [{ kind: 'create', entity: 'account', id: 'a-1', idempotencyKey: '1', fields: { name: 'One' } }]);
    expect(retry).toMatchObject({ status: 'ok', replayed: false });
  });

  it('recomputes the quote total when a detail is written, bumping the quote version in the same transaction', async () => {
    const [q] = await store.write(alice, [{ kind: 'create', entity: 'quote', id: 'q1', idempotencyKey: 'q', fields: { name: 'Q' } }]);
    const quoteVersion = (q as { version: string }).version;
    const [d] = await store.write(alice, [
      {
        kind: 'create',
        entity: 'quotedetail',
        id: 'd1',
        idempotencyKey: 'd',
        fields: { quoteid: { entity: 'quote', id: 'q1' }, quantity: 3, priceperunit: 10, manualdiscountamount: 5 },
      },
    ]);
    expect((d as { record: { fields: Record<string, unknown> } }).record.fields['extendedamount']).toBe(25);
    let quote = (await store.getAsSystem('quote', 'q1'))!;
    expect(quote.fields['totalamount']).toBe(25);
    expect(Number(quote.version)).toBeGreaterThan(Number(quoteVersion));
    await store.write(alice, [{ kind: 'update', entity: 'quotedetail', id: 'd1', idempotencyKey: 'd2', fields: { quantity: 1 } }]);
    expect((await store.getAsSystem('quote', 'q1'))!.fields['totalamount']).toBe(5);
    await store.write(alice, [{ kind: 'delete', entity: 'quotedetail', id: 'd1', idempotencyKey: 'd3' }]);
    quote = (await store.getAsSystem('quote', 'q1'))!;
    expect(quote.fields['totalamount']).toBe(0);
    expect(quote.fields['totallineitemamount']).toBe(0);
  });

  it('stores an attachment and streams it whole or by range', async () => {
    const [n] = await store.insertMany('annotation', [{ subject: 'doc' }], { ownerId: ids.alice });
    const body = new Uint8Array(200_000).map((_, i) => i % 251);
    const put = await store.putAttachment(alice, {
      entity: 'annotation',
      id: n,
      fileName: 'a.bin',
      mimeType: 'application/octet-stream',
      body,
      idempotencyKey: 'att',
    });
    expect(put.size).toBe(200_000);
    const note = (await store.getAsSystem('annotation', n))!;
    expect(note).toMatchObject({ version: put.version, fields: { filename: 'a.bin', filesize: 200_000, isdocument: true } });
    const collect = async (it: AsyncIterable<Uint8Array>) => {
      const parts: Uint8Array[] = [];
      for await (const p of it) parts.push(p);
      return Buffer.concat(parts);
    };
    const whole = await store.readAttachment(alice, { entity: 'annotation', id: n });
    expect(Buffer.compare(await collect(whole.body), Buffer.from(body))).toBe(0);
    const part = await store.readAttachment(alice, { entity: 'annotation', id: n, range: { start: 70_000, end: 140_001 } });
    expect(part.range).toEqual({ start: 70_000, end: 140_001 });
    expect(Buffer.compare(await collect(part.body), Buffer.from(body.subarray(70_000, 140_002)))).toBe(0);
    const error = await store.readAttachment(carol, { entity: 'annotation', id: n }).catch((e: unknown) => e);
    expect(FieldsyncError.is(error, 'STORE_NOT_FOUND')).toBe(true);
  });

  it('signs in, authenticates, expires by the clock, refreshes and revokes', async () => {
    const tokens = await store.signIn('alice', 'pw-a');
    expect(await store.authenticate(tokens.accessToken)).toEqual(alice);
    await expect(store.signIn('alice', 'wrong')).rejects.toMatchObject({ code: 'STORE_AUTH_INVALID' });
    clock.advance(3_600_001);
    await expect(store.authenticate(tokens.accessToken)).rejects.toMatchObject({ code: 'STORE_AUTH_EXPIRED' });
    const renewed = await store.refresh(tokens.refreshToken);
    expect((await store.authenticate(renewed.accessToken)).userId).toBe(ids.alice);
    await expect(store.refresh(tokens.refreshToken)).rejects.toMatchObject({ code: 'STORE_AUTH_INVALID' });
    await store.revokeSessions(ids.alice);
    await expect(store.authenticate(renewed.accessToken)).rejects.toMatchObject({ code: 'STORE_AUTH_INVALID' });
  });

  it('adds new entities and fields on re-apply, refuses removals, and remembers the schema after reopening', async () => {
    const extended: Schema = {
      entities: [
        ...schema.entities.map((e) => (e.name === 'account' ? { ...e, fields: [...e.fields, { name: 'phone', type: 'string' as const }] } : e)),
        {
          name: 'task',
          primaryKey: 'activityid',
          fields: [
            { name: 'activityid', type: 'string' },
            { name: 'subject', type: 'string' },
          ],
        },
      ],
    };
    await store.insertMany('account', [{ name: 'Old' }], { ownerId: ids.alice });
    await store.applySchema(extended);
    await store.insertMany('account', [{ name: 'New', phone: '123' }], { ownerId: ids.alice });
    const error = await store.applySchema(schema).catch((e: unknown) => e);
    expect(FieldsyncError.is(error, 'STORE_SCHEMA_CHANGE_REFUSED')).toBe(true);
    await store.close();
    store = await openCrmStore({ file: path.join(dir, 'crm.db'), clock });
    expect(store.schema().entities.map((e) => e.name)).toContain('task');
    expect(names((await store.readFull(alice, { entity: 'account', limit: 10 })).records)).toEqual(['New', 'Old']);
  });

  it('refuses a foreign file and a SQLite file that is not a store, leaving them untouched', async () => {
    const foreign = path.join(dir, 'foreign.db');
    fs.writeFileSync(foreign, 'not sqlite at all '.repeat(100));
    await expect(openCrmStore({ file: foreign })).rejects.toMatchObject({ code: 'STORE_FILE_INVALID' });
    expect(fs.readFileSync(foreign, 'utf8')).toBe('not sqlite at all '.repeat(100));
  });

  it('shows team-owned records to team members and counts API calls per user and day', async () => {
    const team = await store.createTeam({ name: 'south desk', businessUnitId: ids.south });
    await store.addTeamMember(team, ids.alice);
    await store.insertMany('account', [{ name: 'T1' }], { ownerId: team });
    const member = await store.principalOf(ids.alice);
    expect(member.teamIds).toEqual([team]);
    expect(names((await store.readFull(member, { entity: 'account', limit: 10 })).records)).toEqual(['T1']);
    expect(names((await store.readFull(carol, { entity: 'account', limit: 10 })).records)).toEqual([]);
    expect(store.apiUsage(ids.alice)).toEqual({ used: 1, limit: 1_000_000, windowMs: 86_400_000 });
    clock.advance(86_400_000);
    expect(store.apiUsage(ids.alice).used).toBe(0);
  });

  it('seeds 100,000 rows with insertMany, each with its own version', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => ({ name: `Bulk ${i}`, revenue: i }));
    const before = await store.currentVersion();
    const created = await store.insertMany('account', rows, { ownerId: ids.alice });
    expect(new Set(created).size).toBe(100_000);
    expect(await store.currentVersion()).toBe(before + 100_000);
    expect((await store.count(alice, { entity: 'account' })).matching).toBe(100_000);
  });
});
