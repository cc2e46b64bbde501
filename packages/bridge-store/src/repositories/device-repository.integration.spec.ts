import { FieldsyncError } from '@fieldsync/model';
import type { BridgeStore, StoredDevice } from '../api/bridge-store';
import { openBridgeStore } from '../open-bridge-store';
import { describeEachBridgeStore } from '../testing';

const NOW = '2026-11-23T10:00:00.000Z';
const daysBefore = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();

describeEachBridgeStore('DeviceRepository on $name', (backend) => {
  let store: BridgeStore;
  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(async () => {
    store = await openBridgeStore({ url: await backend.freshUrl() });
  });
  afterEach(() => store.close());

  const register = (deviceId: string, userId = 'alice', now = NOW, name = `${deviceId} phone`) =>
    store.devices.register({ deviceId, userId, name, os: 'iOS 18', appVersion: '3.1.0', now });

  it('registers a new device as active and reads it back with canonical times', async () => {
    const registered = await store.devices.register({
      deviceId: 'dev-1',
      userId: 'alice',
      name: 'Alice phone',
      os: 'iOS 18',
      appVersion: '3.1.0',
      now: '2026-11-23T12:00:00+02:00',
    });
    const expected: StoredDevice = {
      deviceId: 'dev-1',
      userId: 'alice',
      name: 'Alice phone',
      os: 'iOS 18',
      appVersion: '3.1.0',
      state: 'active',
      registeredAt: NOW,
    };
    expect(registered).toStrictEqual(expected);
    expect(await store.devices.get('dev-1')).toStrictEqual(expected);
    expect(await store.devices.get('dev-unknown')).toBeUndefined();
  });

  it('updates name, OS and app version when the same user registers again, keeping state and registration time', async () => {
    await register('dev-1');
    await store.devices.setState('dev-1', 'locked');
    const again = await store.devices.register({ deviceId: 'dev-1', userId: 'alice', name: 'Renamed', os: 'iOS 19', appVersion: '3.2.0', now: daysBefore(-1) });
    expect(again).toStrictEqual({ deviceId: 'dev-1', userId: 'alice', name: 'Renamed', os: 'iOS 19', appVersion: '3.2.0', state: 'locked', registeredAt: NOW });
  });

  it('refuses a device id registered by another user with DEVICE_OWNED_BY_OTHER_USER and leaves the device as it was', async () => {
    await register('dev-1', 'alice');
    const error = await register('dev-1', 'bob', NOW, 'Bob phone').catch((e: unknown) => e);
    expect(FieldsyncError.is(error, 'DEVICE_OWNED_BY_OTHER_USER')).toBe(true);
    expect((error as FieldsyncError).details).toEqual({ deviceId: 'dev-1' });
    expect(await store.devices.get('dev-1')).toMatchObject({ userId: 'alice', name: 'dev-1 phone' });
  });

  it('refuses to register a wiped device again with DEVICE_WIPED, even for its own user', async () => {
    await register('dev-1');
    await store.devices.setState('dev-1', 'wiped');
    await expect(register('dev-1')).rejects.toMatchObject({ code: 'DEVICE_WIPED', details: { deviceId: 'dev-1' } });
    expect((await store.devices.get('dev-1'))?.state).toBe('wiped');
  });

  it('of two concurrent first registrations by the same user, both succeed on one row', async () => {
    const [a, b] = await Promise.all([register('dev-1', 'alice', NOW, 'first'), register('dev-1', 'alice', NOW, 'second')]);
    expect([a.deviceId, b.deviceId]).toEqual(['dev-1', 'dev-1']);
    expect(await store.devices.listByUser('alice')).toHaveLength(1);
  });

  it('of two concurrent first registrations by different users, exactly one wins', async () => {
    const outcomes = await Promise.allSettled([register('dev-1', 'alice'), register('dev-1', 'bob')]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(FieldsyncError.is(lost[0].reason, 'DEVICE_OWNED_BY_OTHER_USER')).toBe(true);
  });

  it('locks, unlocks and wipes; a wiped device stays wiped', async () => {
    await register('dev-1');
    expect((await store.devices.setState('dev-1', 'locked')).state).toBe('locked');
    expect((await store.devices.setState('dev-1', 'active')).state).toBe('active');
    expect((await store.devices.setState('dev-1', 'wiped')).state).toBe('wiped');
    expect((await store.devices.setState('dev-1', 'wiped')).state).toBe('wiped');
    await expect(store.devices.setState('dev-1', 'active')).rejects.toMatchObject({ code: 'DEVICE_WIPED' });
    expect((await store.devices.get('dev-1'))?.state).toBe('wiped');
  });

  it('answers NOT_FOUND when setting the state of an unknown device', async () => {
    await expect(store.devices.setState('dev-unknown', 'locked')).rejects.toMatchObject({ code: 'NOT_FOUND', details: { deviceId: 'dev-unknown' } });
  });

  it('touches only the times given', async () => {
    await register('dev-1');
    await store.devices.touch('dev-1', { lastSeenAt: '2026-11-23T11:00:00Z' });
    expect(await store.devices.get('dev-1')).toMatchObject({ lastSeenAt: '2026-11-23T11:00:00.000Z' });
    expect((await store.devices.get('dev-1'))?.lastSyncAt).toBeUndefined();
    await store.devices.touch('dev-1', { lastSyncAt: '2026-11-23T11:30:00Z' });
    expect(await store.devices.get('dev-1')).toMatchObject({ lastSeenAt: '2026-11-23T11:00:00.000Z', lastSyncAt: '2026-11-23T11:30:00.000Z' });
    await store.devices.touch('dev-unknown', { lastSeenAt: NOW });
    expect(await store.devices.get('dev-unknown')).toBeUndefined();
  });

  it('refuses a time that is not ISO-8601 with a zone', async () => {
    await register('dev-1');
    await expect(store.devices.touch('dev-1', { lastSeenAt: '23/11/2026' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { field: 'lastSeenAt' },
    });
    await expect(register('dev-2', 'alice', '2026-11-23 10:00')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it("lists a user's devices by device id", async () => {
    for (const id of ['dev-c', 'dev-a', 'dev-b']) await register(id, 'alice');
    await register('dev-z', 'bob');
    expect((await store.devices.listByUser('alice')).map((d) => d.deviceId)).toEqual(['dev-a', 'dev-b', 'dev-c']);
    expect(await store.devices.listByUser('nobody')).toEqual([]);
  });

  it('orders device ids by their bytes, whatever the database locale', async () => {
    for (const id of ['b', 'a', 'B', '_x', 'A-1']) await register(id);
    const page = await store.devices.list({ now: NOW, first: 10 });
    expect(page.devices.map((d) => d.deviceId)).toEqual(['A-1', 'B', '_x', 'a', 'b']);
  });

  it('pages through devices with cursors; every page tells the filtered total', async () => {
    for (let i = 7; i >= 1; i--) await register(`dev-${i}`, i % 2 === 0 ? 'bob' : 'alice');
    const first = await store.devices.list({ now: NOW, first: 3 });
    expect(first.devices.map((d) => d.deviceId)).toEqual(['dev-1', 'dev-2', 'dev-3']);
    expect(first.cursors).toHaveLength(3);
    expect(first).toMatchObject({ hasNextPage: true, totalCount: 7 });
    const second = await store.devices.list({ now: NOW, first: 3, after: first.cursors[2] });
    expect(second.devices.map((d) => d.deviceId)).toEqual(['dev-4', 'dev-5', 'dev-6']);
    expect(second).toMatchObject({ hasNextPage: true, totalCount: 7 });
    const third = await store.devices.list({ now: NOW, first: 3, after: second.cursors[2] });
    expect(third.devices.map((d) => d.deviceId)).toEqual(['dev-7']);
    expect(third).toMatchObject({ hasNextPage: false, totalCount: 7 });
    // A cursor from the middle of a page continues right after that device.
    const fromMiddle = await store.devices.list({ now: NOW, first: 2, after: first.cursors[0] });
    expect(fromMiddle.devices.map((d) => d.deviceId)).toEqual(['dev-2', 'dev-3']);

    const alice = await store.devices.list({ now: NOW, first: 2, userId: 'alice' });
    expect(alice.devices.map((d) => d.deviceId)).toEqual(['dev-1', 'dev-3']);
    expect(alice).toMatchObject({ hasNextPage: true, totalCount: 4 });
    const aliceNext = await store.devices.list({ now: NOW, first: 2, userId: 'alice', after: alice.cursors[1] });
    expect(aliceNext.devices.map((d) => d.deviceId)).toEqual(['dev-5', 'dev-7']);
    expect(aliceNext).toMatchObject({ hasNextPage: false, totalCount: 4 });
  });

  it('filters by state', async () => {
    for (const id of ['dev-1', 'dev-2', 'dev-3']) await register(id);
    await store.devices.setState('dev-2', 'locked');
    const locked = await store.devices.list({ now: NOW, first: 10, state: 'locked' });
    expect(locked.devices.map((d) => d.deviceId)).toEqual(['dev-2']);
    expect(locked.totalCount).toBe(1);
    expect((await store.devices.list({ now: NOW, first: 10, state: 'active', userId: 'alice' })).totalCount).toBe(2);
  });

  it('clamps first to at least one device', async () => {
    for (const id of ['dev-1', 'dev-2']) await register(id);
    expect((await store.devices.list({ now: NOW, first: 0 })).devices.map((d) => d.deviceId)).toEqual(['dev-1']);
    expect((await store.devices.list({ now: NOW, first: -5 })).hasNextPage).toBe(true);
    expect((await store.devices.list({ now: NOW, first: 10_000 })).devices).toHaveLength(2);
  });

  it('finds devices not synced for some days, counting from registration when never synced', async () => {
    await register('never-synced-old', 'alice', daysBefore(30));
    await register('synced-recently', 'alice', daysBefore(30));
    await store.devices.touch('synced-recently', { lastSyncAt: daysBefore(1) });
    await register('never-synced-new', 'alice', daysBefore(2));
    await register('synced-long-ago', 'alice', daysBefore(40));
    await store.devices.touch('synced-long-ago', { lastSyncAt: daysBefore(10) });
    await register('exactly-seven', 'alice', daysBefore(7));

    const stale = await store.devices.list({ now: NOW, first: 10, notSyncedForDays: 7 });
    expect(stale.devices.map((d) => d.deviceId)).toEqual(['never-synced-old', 'synced-long-ago']);
    expect(stale.totalCount).toBe(2);
    const older = await store.devices.list({ now: NOW, first: 10, notSyncedForDays: 20 });
    expect(older.devices.map((d) => d.deviceId)).toEqual(['never-synced-old']);
    const later = await store.devices.list({ now: daysBefore(-1), first: 10, notSyncedForDays: 7 });
    expect(later.devices.map((d) => d.deviceId)).toEqual(['exactly-seven', 'never-synced-old', 'synced-long-ago']);
  });

  it('refuses a cursor it did not hand out with INVALID_CURSOR', async () => {
    await register('dev-1');
    await expect(store.devices.list({ now: NOW, first: 1, after: 'not-a-cursor' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    const syncCursor = Buffer.from(JSON.stringify(['sync', NOW, 'x'])).toString('base64url');
    await expect(store.devices.list({ now: NOW, first: 1, after: syncCursor })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });
});
