import type { BridgeStore } from '../api/bridge-store';
import { openBridgeStore } from '../open-bridge-store';
import { describeEachBridgeStore } from '../testing';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 10, minute)).toISOString();

describeEachBridgeStore('SignInAttemptRepository on $name', (backend) => {
  let store: BridgeStore;
  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(async () => {
    store = await openBridgeStore({ url: await backend.freshUrl() });
    const attempts: [string, string, string | undefined, string | undefined, boolean, number][] = [
      ['alice', 'user:a', 'dev-1', '10.0.0.1', false, 0],
      ['Alice', 'user:a', 'dev-1', '10.0.0.1', false, 10],
      ['ALICE', 'user:a', 'dev-2', '10.0.0.2', false, 11],
      ['alice', 'user:a', 'dev-1', '10.0.0.1', true, 12],
      ['alice', 'user:a', undefined, undefined, false, 13],
      ['bob', 'user:b', 'dev-1', '10.0.0.1', false, 14],
      ['bob', 'user:b', 'dev-1', '10.0.0.1', false, 15],
      ['carol', 'user:c', 'dev-3', '10.0.0.3', true, 16],
    ];
    for (const [userName, userKey, deviceId, clientAddress, success, minute] of attempts) {
      await store.signInAttempts.record({
        userName,
        userKey,
        ...(deviceId ? { deviceId } : {}),
        ...(clientAddress ? { clientAddress } : {}),
        success,
        now: at(minute),
      });
    }
  });
  afterEach(() => store.close());

  it('counts failures of the user key on any device, of the device and of the address for any user since a time', async () => {
    expect(await store.signInAttempts.failuresSince({ userKey: 'user:a', deviceId: 'dev-1', clientAddress: '10.0.0.1', since: at(5) })).toEqual({
      byUser: 3,
      byDevice: 3,
      byAddress: 3,
    });
    expect(await store.signInAttempts.failuresSince({ userKey: 'user:b', deviceId: 'dev-1', clientAddress: '10.0.0.1', since: at(0) })).toEqual({
      byUser: 2,
      byDevice: 4,
      byAddress: 4,
    });
    expect(await store.signInAttempts.failuresSince({ userKey: 'user:b', clientAddress: '10.0.0.2', since: at(0) })).toEqual({
      byUser: 2,
      byDevice: 0,
      byAddress: 1,
    });
  });

  it('counts an attempt made exactly at the window start, not one before it', async () => {
    expect(await store.signInAttempts.failuresSince({ userKey: 'user:a', since: at(10) })).toEqual({ byUser: 3, byDevice: 0, byAddress: 0 });
    expect(await store.signInAttempts.failuresSince({ userKey: 'user:a', since: '2026-11-23T10:10:00.001Z' })).toEqual({
      byUser: 2,
      byDevice: 0,
      byAddress: 0,
    });
    expect(await store.signInAttempts.failuresSince({ userKey: 'user:a', since: at(0) })).toEqual({ byUser: 4, byDevice: 0, byAddress: 0 });
  });

  it('does not count successes, and counts nothing by device or address when none is given', async () => {
    expect(await store.signInAttempts.failuresSince({ userKey: 'user:c', deviceId: 'dev-3', clientAddress: '10.0.0.3', since: at(0) })).toEqual({
      byUser: 0,
      byDevice: 0,
      byAddress: 0,
    });
    expect(await store.signInAttempts.failuresSince({ userKey: 'user:b', since: at(0) })).toEqual({ byUser: 2, byDevice: 0, byAddress: 0 });
    expect(await store.signInAttempts.failuresSince({ userKey: 'name:nobody', deviceId: 'dev-none', clientAddress: '10.9.9.9', since: at(0) })).toEqual({
      byUser: 0,
      byDevice: 0,
      byAddress: 0,
    });
    expect(await store.signInAttempts.failuresSince({ userKey: 'user:a', deviceId: 'dev-1', since: at(60) })).toEqual({ byUser: 0, byDevice: 0, byAddress: 0 });
  });
});
