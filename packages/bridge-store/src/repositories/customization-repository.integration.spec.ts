import type { BridgeStore, StoredCustomization } from '../api/bridge-store';
import { openBridgeStore } from '../open-bridge-store';
import { describeEachBridgeStore } from '../testing';

const NOW = '2026-11-23T10:00:00.000Z';

function customization(overrides: Partial<Omit<StoredCustomization, 'revision'>> = {}): Omit<StoredCustomization, 'revision'> {
  return {
    version: 'sha256:aaaa',
    content: { entities: [{ name: 'account', fields: ['name', 'revenue'] }], settings: { syncIntervalMinutes: 15 } },
    partHashes: { entities: 'e1', settings: 's1', blobStoreFilter: 'b1' },
    roles: [],
    settingsReadOnly: false,
    publishedAt: NOW,
    publishedBy: 'admin@example.com',
    ...overrides,
  };
}

describeEachBridgeStore('CustomizationRepository on $name', (backend) => {
  let store: BridgeStore;
  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(async () => {
    store = await openBridgeStore({ url: await backend.freshUrl() });
  });
  afterEach(() => store.close());

  const publishFor = (roles: StoredCustomization['roles'], version = 'v') => store.customizations.publish(customization({ roles, version }));
  const revisionFor = async (roles: readonly string[]) => (await store.customizations.forRoles(roles))?.revision;

  it('publishes revision 1 and reads every field back as published', async () => {
    const input = customization({
      content: { entities: [{ name: 'account' }], note: 'Zürich – 東京', nested: { flag: true, n: 1.5, none: null } },
      roles: [
        { role: 'sales', priority: 10 },
        { role: 'admin', priority: 1 },
      ],
      minAppVersion: '3.0.0',
      settingsReadOnly: true,
      comment: 'first cut',
      publishedAt: '2026-11-23T11:00:00+01:00',
    });
    const stored = await store.customizations.publish(input);
    const expected: StoredCustomization = { ...input, revision: 1, publishedAt: NOW };
    expect(stored).toStrictEqual(expected);
    expect(await store.customizations.get(1)).toStrictEqual(expected);
    expect(typeof stored.settingsReadOnly).toBe('boolean');
  });

  it('leaves optional fields out and keeps a false flag false', async () => {
    const stored = await store.customizations.publish(customization());
    expect(stored).not.toHaveProperty('minAppVersion');
    expect(stored).not.toHaveProperty('comment');
    expect((await store.customizations.get(stored.revision))?.settingsReadOnly).toBe(false);
  });

  it('numbers revisions 1, 2, 3 and lists them newest first', async () => {
    for (const version of ['v1', 'v2', 'v3']) await store.customizations.publish(customization({ version }));
    expect((await store.customizations.list()).map((c) => [c.revision, c.version])).toEqual([
      [3, 'v3'],
      [2, 'v2'],
      [1, 'v1'],
    ]);
    expect(await store.customizations.get(4)).toBeUndefined();
  });

  it('gives every concurrent publish its own revision, without gaps', async () => {
    const published = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store.customizations.publish(customization({ version: `v${i}`, roles: [{ role: `r${i}`, priority: i }] }))),
    );
    expect(published.map((c) => c.revision).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const listed = await store.customizations.list();
    expect(listed.map((c) => c.revision)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    // Each revision carries the roles of the publish that got it.
    for (const c of published) expect((await store.customizations.get(c.revision))?.roles).toEqual(c.roles);
  });

  it("gives a role its newest revision's assignment, not an older one of higher priority", async () => {
    await publishFor([{ role: 'sales', priority: 9 }]);
    await publishFor([
      { role: 'sales', priority: 1 },
      { role: 'service', priority: 3 },
    ]);
    expect(await revisionFor(['sales'])).toBe(2);
    expect(await revisionFor(['sales', 'service'])).toBe(2);
  });

  it("picks, among each role's newest revision, the highest priority, even when older", async () => {
    await publishFor([
      { role: 'sales', priority: 1 },
      { role: 'service', priority: 5 },
    ]);
    await publishFor([{ role: 'sales', priority: 2 }]);
    expect(await revisionFor(['sales'])).toBe(2);
    expect(await revisionFor(['service'])).toBe(1);
    expect(await revisionFor(['sales', 'service'])).toBe(1);
    expect(await revisionFor(['service', 'sales'])).toBe(1);
  });

  it('breaks a priority tie with the newer revision', async () => {
    await publishFor([{ role: 'service', priority: 2 }]);
    await publishFor([{ role: 'sales', priority: 2 }]);
    await publishFor([
      { role: 'field', priority: 2 },
      { role: 'other', priority: 7 },
    ]);
    expect(await revisionFor(['sales', 'service'])).toBe(2);
    expect(await revisionFor(['field', 'service', 'sales'])).toBe(3);
    expect((await store.customizations.forRoles(['sales', 'service']))?.roles).toEqual([{ role: 'sales', priority: 2 }]);
  });

  it('answers undefined for no roles, unknown roles, or revisions assigned to no role', async () => {
    await publishFor([]);
    expect(await store.customizations.forRoles([])).toBeUndefined();
    expect(await store.customizations.forRoles(['nobody'])).toBeUndefined();
    await publishFor([{ role: 'sales', priority: 1 }]);
    expect(await revisionFor(['nobody', 'sales'])).toBe(2);
  });

  it('refuses a role assigned twice in one publish with INVALID_ARGUMENT, storing nothing', async () => {
    await expect(
      publishFor([
        { role: 'sales', priority: 1 },
        { role: 'sales', priority: 2 },
      ]),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { role: 'sales' } });
    expect(await store.customizations.list()).toEqual([]);
  });
});
