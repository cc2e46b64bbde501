import type { BridgeStore } from '../api/bridge-store';
import { openBridgeStore } from '../open-bridge-store';
import { describeEachBridgeStore } from '../testing';

const NOW = '2026-11-23T10:00:00.000Z';
const LATER = '2026-11-23T10:05:00.000Z';

describeEachBridgeStore('CommandRepository on $name', (backend) => {
  let store: BridgeStore;
  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(async () => {
    store = await openBridgeStore({ url: await backend.freshUrl() });
  });
  afterEach(() => store.close());

  it('issues a pending command and reads it back with its parameters', async () => {
    const issued = await store.commands.issue({
      deviceId: 'dev-1',
      kind: 'forceFullSync',
      parameters: { entities: ['account', 'contact'], discardLocalChanges: true },
      issuedBy: 'admin@example.com',
      now: NOW,
    });
    expect(issued).toStrictEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      deviceId: 'dev-1',
      kind: 'forceFullSync',
      status: 'pending',
      parameters: { entities: ['account', 'contact'], discardLocalChanges: true },
      issuedAt: NOW,
      issuedBy: 'admin@example.com',
    });
    expect(await store.commands.get(issued.id)).toStrictEqual(issued);
    const lock = await store.commands.issue({ deviceId: 'dev-1', kind: 'lock', issuedBy: 'admin', now: NOW });
    expect('parameters' in lock).toBe(false);
    expect(await store.commands.get('00000000-0000-0000-0000-000000000000')).toBeUndefined();
  });

  it("lists a device's commands newest first, in issue order within the same millisecond", async () => {
    const lock = await store.commands.issue({ deviceId: 'dev-1', kind: 'lock', issuedBy: 'admin', now: NOW });
    const unlock = await store.commands.issue({ deviceId: 'dev-1', kind: 'unlock', issuedBy: 'admin', now: NOW });
    const wipe = await store.commands.issue({ deviceId: 'dev-1', kind: 'wipe', issuedBy: 'admin', now: LATER });
    await store.commands.issue({ deviceId: 'dev-2', kind: 'lock', issuedBy: 'admin', now: NOW });
    expect((await store.commands.listByDevice('dev-1')).map((c) => c.id)).toEqual([wipe.id, unlock.id, lock.id]);
    expect(await store.commands.listByDevice('dev-none')).toEqual([]);
  });

  it('lists the open (pending and delivered) commands oldest first', async () => {
    const lock = await store.commands.issue({ deviceId: 'dev-1', kind: 'lock', issuedBy: 'admin', now: NOW });
    const unlock = await store.commands.issue({ deviceId: 'dev-1', kind: 'unlock', issuedBy: 'admin', now: NOW });
    const sync = await store.commands.issue({ deviceId: 'dev-1', kind: 'forceFullSync', issuedBy: 'admin', now: NOW });
    const done = await store.commands.issue({ deviceId: 'dev-1', kind: 'wipe', issuedBy: 'admin', now: NOW });
    await store.commands.issue({ deviceId: 'dev-2', kind: 'lock', issuedBy: 'admin', now: NOW });
    await store.commands.markDelivered([unlock.id, done.id], LATER);
    await store.commands.complete(done.id, { ok: true, now: LATER });
    const open = await store.commands.open('dev-1');
    expect(open.map((c) => [c.id, c.status])).toEqual([
      [lock.id, 'pending'],
      [unlock.id, 'delivered'],
      [sync.id, 'pending'],
    ]);
  });

  it('marks only pending commands delivered, ignoring unknown ids', async () => {
    const a = await store.commands.issue({ deviceId: 'dev-1', kind: 'lock', issuedBy: 'admin', now: NOW });
    const b = await store.commands.issue({ deviceId: 'dev-1', kind: 'unlock', issuedBy: 'admin', now: NOW });
    const c = await store.commands.issue({ deviceId: 'dev-1', kind: 'wipe', issuedBy: 'admin', now: NOW });
    await store.commands.complete(c.id, { ok: false, message: 'no storage', now: NOW });
    await store.commands.markDelivered([a.id, c.id, '00000000-0000-0000-0000-000000000000'], LATER);
    await store.commands.markDelivered([], LATER);
    expect(await store.commands.get(a.id)).toMatchObject({ status: 'delivered', deliveredAt: LATER });
    expect(await store.commands.get(b.id)).toMatchObject({ status: 'pending' });
    expect((await store.commands.get(b.id))?.deliveredAt).toBeUndefined();
    expect(await store.commands.get(c.id)).toMatchObject({ status: 'failed', message: 'no storage' });
    expect((await store.commands.get(c.id))?.deliveredAt).toBeUndefined();
    // Delivering again keeps the first delivery time.
    await store.commands.markDelivered([a.id], '2026-11-24T00:00:00Z');
    expect((await store.commands.get(a.id))?.deliveredAt).toBe(LATER);
  });

  it('completes a pending or delivered command as done or failed', async () => {
    const a = await store.commands.issue({ deviceId: 'dev-1', kind: 'lock', issuedBy: 'admin', now: NOW });
    const b = await store.commands.issue({ deviceId: 'dev-1', kind: 'wipe', issuedBy: 'admin', now: NOW });
    await store.commands.markDelivered([a.id], NOW);
    const done = await store.commands.complete(a.id, { ok: true, now: LATER });
    expect(done).toStrictEqual({
      id: a.id,
      deviceId: 'dev-1',
      kind: 'lock',
      status: 'done',
      issuedAt: NOW,
      issuedBy: 'admin',
      deliveredAt: NOW,
      completedAt: LATER,
    });
    const failed = await store.commands.complete(b.id, { ok: false, message: 'device refused', now: LATER });
    expect(failed).toMatchObject({ status: 'failed', message: 'device refused', completedAt: LATER });
    expect(await store.commands.get(b.id)).toStrictEqual(failed);
  });

  it('refuses to complete a finished command with COMMAND_NOT_OPEN and an unknown one with NOT_FOUND', async () => {
    const a = await store.commands.issue({ deviceId: 'dev-1', kind: 'lock', issuedBy: 'admin', now: NOW });
    await store.commands.complete(a.id, { ok: true, now: NOW });
    await expect(store.commands.complete(a.id, { ok: false, message: 'late', now: LATER })).rejects.toMatchObject({
      code: 'COMMAND_NOT_OPEN',
      details: { commandId: a.id, status: 'done' },
    });
    expect(await store.commands.get(a.id)).toMatchObject({ status: 'done', completedAt: NOW });
    await expect(store.commands.complete('00000000-0000-0000-0000-000000000000', { ok: true, now: NOW })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
