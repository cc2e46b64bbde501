import { resolveBridgeSettings } from './bridge-settings';
import { SettingsCache } from './settings-cache';

describe('SettingsCache', () => {
  let clock = 0;
  let loads = 0;
  let fail = false;
  const load = async () => {
    loads++;
    if (fail) throw new Error('state unreachable');
    return resolveBridgeSettings({ maxPageSize: 100 + loads });
  };

  beforeEach(() => {
    clock = 0;
    loads = 0;
    fail = false;
  });

  it('reads once within the TTL and again after it', async () => {
    const cache = new SettingsCache(load, 1_000, () => clock);
    const [a, b] = await Promise.all([cache.get(), cache.get()]);
    clock = 999;
    const c = await cache.get();
    expect([a.maxPageSize, b.maxPageSize, c.maxPageSize, loads]).toEqual([101, 101, 101, 1]);
    clock = 1_000;
    expect((await cache.get()).maxPageSize).toBe(102);
  });

  it('reads again at once after invalidate', async () => {
    const cache = new SettingsCache(load, 60_000, () => clock);
    await cache.get();
    cache.invalidate();
    expect((await cache.get()).maxPageSize).toBe(102);
  });

  it('does not keep a failed read', async () => {
    const cache = new SettingsCache(load, 60_000, () => clock);
    fail = true;
    await expect(cache.get()).rejects.toThrow('state unreachable');
    fail = false;
    expect((await cache.get()).maxPageSize).toBe(102);
  });
});
