import type { BridgeStore } from '../api/bridge-store';
import { openBridgeStore } from '../open-bridge-store';
import { describeEachBridgeStore } from '../testing';

const day = (n: number) => new Date(Date.UTC(2026, 10, 1 + n, 10)).toISOString();

describeEachBridgeStore('RetentionRepository on $name', (backend) => {
  let store: BridgeStore;
  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(async () => {
    store = await openBridgeStore({ url: await backend.freshUrl() });
  });
  afterEach(() => store.close());

  it('deletes sign-in attempts older than the cutoff in batches of at most the limit, oldest first', async () => {
    for (let n = 0; n < 7; n++) await store.signInAttempts.record({ userName: 'x', userKey: 'name:x', clientAddress: '10.0.0.1', success: false, now: day(n) });
    expect(await store.retention.purge('signInAttempts', day(5), 3)).toBe(3);
    expect((await store.signInAttempts.failuresSince({ clientAddress: '10.0.0.1', since: day(0) })).byAddress).toBe(4);
    expect((await store.signInAttempts.failuresSince({ clientAddress: '10.0.0.1', since: day(3) })).byAddress).toBe(4);
    expect(await store.retention.purge('signInAttempts', day(5), 3)).toBe(2);
    expect(await store.retention.purge('signInAttempts', day(5), 3)).toBe(0);
    expect((await store.signInAttempts.failuresSince({ clientAddress: '10.0.0.1', since: day(0) })).byAddress).toBe(2);
  });

  it('deletes sync logs and sync tracking by their time, and keeps the newer ones', async () => {
    await store.devices.register({ deviceId: 'd1', userId: 'u1', name: 'n', os: 'o', appVersion: '1', now: day(0) });
    for (let n = 0; n < 4; n++) {
      await store.logs.append({ deviceId: 'd1', syncId: `s${n}`, text: 'log', now: day(n) });
      await store.syncs.record({
        syncId: `s${n}`,
        deviceId: 'd1',
        userId: 'u1',
        startedAt: day(n),
        endedAt: day(n),
        durationMs: 1,
        type: 'full',
        success: true,
        cancelled: false,
        uploads: 0,
        uploadErrors: 0,
        retries: 0,
        downloaded: 0,
      });
    }
    expect(await store.retention.purge('syncLogs', day(2), 100)).toBe(2);
    expect((await store.logs.listByDevice('d1', 10)).map((log) => log.syncId)).toEqual(['s3', 's2']);
    expect(await store.retention.purge('syncs', day(3), 100)).toBe(3);
    expect((await store.syncs.listByDevice('d1', { first: 10 })).syncs.map((sync) => sync.syncId)).toEqual(['s3']);
  });

  it('deletes sessions that expired before the cutoff, live or not, and keeps the others', async () => {
    const expired = await store.sessions.create({ userId: 'u1', refreshTokenHash: 'h1', now: day(0), expiresAt: day(1) });
    const live = await store.sessions.create({ userId: 'u1', refreshTokenHash: 'h2', now: day(0), expiresAt: day(9) });
    expect(await store.retention.purge('sessions', day(2), 100)).toBe(1);
    expect(await store.sessions.get(expired.id)).toBeUndefined();
    expect(await store.sessions.get(live.id)).toBeDefined();
  });

  it('refuses a batch limit out of 1..10,000 and a time that is not ISO-8601, deleting nothing', async () => {
    await store.signInAttempts.record({ userName: 'x', userKey: 'name:x', clientAddress: '10.0.0.1', success: false, now: day(0) });
    await expect(store.retention.purge('signInAttempts', day(5), 0)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'limit' } });
    await expect(store.retention.purge('signInAttempts', day(5), 10_001)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(store.retention.purge('signInAttempts', 'yesterday', 10)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((await store.signInAttempts.failuresSince({ clientAddress: '10.0.0.1', since: day(0) })).byAddress).toBe(1);
  });
});
