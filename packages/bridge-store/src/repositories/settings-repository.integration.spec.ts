import type { BridgeStore } from '../api/bridge-store';
import { openBridgeStore } from '../open-bridge-store';
import { describeEachBridgeStore } from '../testing';

const NOW = '2026-11-23T10:00:00.000Z';

describeEachBridgeStore('SettingsRepository on $name', (backend) => {
  let store: BridgeStore;
  let url: string;
  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(async () => {
    url = await backend.freshUrl();
    store = await openBridgeStore({ url });
  });
  afterEach(() => store.close());

  it('has no settings before any is set', async () => {
    expect(await store.settings.all()).toEqual({});
  });

  it('round-trips JSON values of every kind, also after reopening', async () => {
    const values = {
      'sync.intervalMinutes': 15,
      'sync.ratio': 0.25,
      'auth.allowPasswordSignIn': false,
      'branding.title': 'Fieldsync – Zürich',
      'branding.logo': null,
      'devices.allowedOs': ['iOS', 'Android'],
      lockout: { maxFailures: 5, window: { minutes: 15 }, exempt: [] },
    };
    await store.settings.set(values, NOW);
    expect(await store.settings.all()).toStrictEqual(values);
    await store.close();
    store = await openBridgeStore({ url });
    expect(await store.settings.all()).toStrictEqual(values);
  });

  it('overwrites the values given and keeps the others; undefined leaves a value as it was', async () => {
    await store.settings.set({ a: 1, b: 'two', c: [3] }, NOW);
    await store.settings.set({ a: { changed: true }, c: undefined, d: 'new' }, NOW);
    expect(await store.settings.all()).toStrictEqual({ a: { changed: true }, b: 'two', c: [3], d: 'new' });
  });

  it('refuses a value JSON cannot hold and writes none of the batch', async () => {
    await expect(store.settings.set({ ok: 1, bad: 10n }, NOW)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'settings.bad' } });
    expect(await store.settings.all()).toEqual({});
  });
});
