import type { BridgeStore } from '../api/bridge-store';
import { openBridgeStore } from '../open-bridge-store';
import { bridgeStoreTestBackends } from '../testing';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 10, minute)).toISOString();

describe.each(bridgeStoreTestBackends())('SignInAttemptRepository on $name', (backend) => {
  let store: BridgeStore;
  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(async () => {
    store = await openBridgeStore({ url: await backend.freshUrl() });
    const attempts: [string, string | undefined, boolean, number][] = [
      ['alice', 'dev-1', false, 0],
      ['alice', 'dev-1', false, 10],
      ['alice', 'dev-2', false, 11],
      ['alice', 'dev-1', true, 12],
      ['alice', undefined, false, 13],
      ['bob', 'dev-1', false, 14],
      ['bob', 'dev-1', false, 15],
      ['carol', 'dev-3', true, 16],
    ];
    for (const [userName, deviceId, success, minute] of attempts) await store.signInAttempts.record({ userName, deviceId, success, now: at(minute) });
  });
  afterEach(() => store.close());

  it('counts failures of the user on any device and of the device for any user since a time', async () => {
    expect(await store.signInAttempts.failuresSince({ userName: 'alice', deviceId: 'dev-1', since: at(5) })).toEqual({ byUser: 3, byDevice: 3 });
    expect(await store.signInAttempts.failuresSince({ userName: 'bob', deviceId: 'dev-1', since: at(0) })).toEqual({ byUser: 2, byDevice: 4 });
  });

  it('counts an attempt made exactly at the window start, not one before it', async () => {
    expect(await store.signInAttempts.failuresSince({ userName: 'alice', since: at(10) })).toEqual({ byUser: 3, byDevice: 0 });
    expect(await store.signInAttempts.failuresSince({ userName: 'alice', since: '2026-11-23T10:10:00.001Z' })).toEqual({ byUser: 2, byDevice: 0 });
    expect(await store.signInAttempts.failuresSince({ userName: 'alice', since: at(0) })).toEqual({ byUser: 4, byDevice: 0 });
  });

  it('does not count successes, and counts nothing by device when no device is given', async () => {
    expect(await store.signInAttempts.failuresSince({ userName: 'carol', deviceId: 'dev-3', since: at(0) })).toEqual({ byUser: 0, byDevice: 0 });
    expect(await store.signInAttempts.failuresSince({ userName: 'bob', since: at(0) })).toEqual({ byUser: 2, byDevice: 0 });
    expect(await store.signInAttempts.failuresSince({ userName: 'nobody', deviceId: 'dev-none', since: at(0) })).toEqual({ byUser: 0, byDevice: 0 });
    expect(await store.signInAttempts.failuresSince({ userName: 'alice', deviceId: 'dev-1', since: at(60) })).toEqual({ byUser: 0, byDevice: 0 });
  });
});
