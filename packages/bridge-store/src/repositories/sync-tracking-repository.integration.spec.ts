import type { BridgeStore, StoredSync } from '../api/bridge-store';
import { openBridgeStore } from '../open-bridge-store';
import { describeEachBridgeStore } from '../testing';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 10, minute)).toISOString();

function report(syncId: string, startMinute: number, overrides: Partial<Omit<StoredSync, 'id'>> = {}): Omit<StoredSync, 'id'> {
  return {
    syncId,
    deviceId: 'dev-1',
    userId: 'alice',
    startedAt: at(startMinute),
    endedAt: at(startMinute + 1),
    durationMs: 60_000,
    type: 'incremental',
    success: true,
    cancelled: false,
    uploads: 3,
    uploadErrors: 0,
    retries: 1,
    downloaded: 42,
    ...overrides,
  };
}

describeEachBridgeStore('SyncTrackingRepository on $name', (backend) => {
  let store: BridgeStore;
  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(async () => {
    store = await openBridgeStore({ url: await backend.freshUrl() });
    await store.devices.register({ deviceId: 'dev-1', userId: 'alice', name: 'phone', os: 'iOS', appVersion: '3.1.0', now: at(0) });
  });
  afterEach(() => store.close());

  it('records a report and reads every field back', async () => {
    const input = report('s-1', 5, {
      type: 'full',
      success: false,
      cancelled: true,
      uploadErrors: 2,
      downloaded: 3_000_000_000,
      error: 'network lost',
      refreshMode: 'non-blocking',
    });
    const stored = await store.syncs.record(input);
    expect(stored).toStrictEqual({ ...input, id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect((await store.syncs.listByDevice('dev-1', { first: 10 })).syncs).toStrictEqual([stored]);
    const ok = await store.syncs.record(report('s-2', 6));
    expect(ok).toMatchObject({ success: true, cancelled: false });
    expect(ok).not.toHaveProperty('error');
    expect(ok).not.toHaveProperty('refreshMode');
    expect(ok).not.toHaveProperty('files');
    expect(await store.syncs.record(report('s-3', 7, { refreshMode: 'blocking' }))).toMatchObject({ refreshMode: 'blocking' });
  });

  it('keeps the files of a sync, bytes past 32 bits included', async () => {
    const input = report('s-1', 5, { files: { count: 12, bytes: 5_000_000_000, refused: 3, queued: 4 } });
    const stored = await store.syncs.record(input);
    expect(stored.files).toStrictEqual({ count: 12, bytes: 5_000_000_000, refused: 3, queued: 4 });
    expect((await store.syncs.listByDevice('dev-1', { first: 10 })).syncs[0]!.files).toStrictEqual(stored.files);
  });

  it('keeps the files of each kind (attachments, documents) beside the totals, and leaves out a kind not reported', async () => {
    const attachments = { count: 2, bytes: 3_000, refused: 1, queued: 0 };
    const documents = { count: 10, bytes: 5_000_000_000, refused: 2, queued: 4 };
    const both = await store.syncs.record(report('s-1', 5, { files: { count: 12, bytes: 5_000_003_000, refused: 3, queued: 4, attachments, documents } }));
    expect(both.files).toStrictEqual({ count: 12, bytes: 5_000_003_000, refused: 3, queued: 4, attachments, documents });
    const onlyDocuments = await store.syncs.record(report('s-2', 6, { files: { ...documents, documents } }));
    expect(onlyDocuments.files).toStrictEqual({ ...documents, documents });
    const listed = (await store.syncs.listByDevice('dev-1', { first: 10 })).syncs;
    expect(listed.map((sync) => sync.files)).toStrictEqual([onlyDocuments.files, both.files]);
  });

  it('stores a repeated report once and answers the stored one', async () => {
    const first = await store.syncs.record(report('s-1', 5));
    const repeat = await store.syncs.record(report('s-1', 7, { success: false, uploads: 99 }));
    expect(repeat).toStrictEqual(first);
    expect((await store.syncs.listByDevice('dev-1', { first: 10 })).syncs).toHaveLength(1);
    // The same sync id from another device is another sync.
    const other = await store.syncs.record(report('s-1', 5, { deviceId: 'dev-2' }));
    expect(other.id).not.toBe(first.id);
  });

  it('answers the same stored report to concurrent repeats', async () => {
    const stored = await Promise.all(Array.from({ length: 5 }, (_, i) => store.syncs.record(report('s-1', 5, { uploads: i }))));
    expect(new Set(stored.map((s) => s.id)).size).toBe(1);
    expect(new Set(stored.map((s) => s.uploads)).size).toBe(1);
    expect((await store.syncs.listByDevice('dev-1', { first: 10 })).syncs).toHaveLength(1);
  });

  it("moves the device's lastSyncAt to a report's start only when later", async () => {
    await store.syncs.record(report('s-2', 20));
    expect((await store.devices.get('dev-1'))?.lastSyncAt).toBe(at(20));
    await store.syncs.record(report('s-1', 10));
    expect((await store.devices.get('dev-1'))?.lastSyncAt).toBe(at(20));
    await store.syncs.record(report('s-3', 30));
    expect((await store.devices.get('dev-1'))?.lastSyncAt).toBe(at(30));
    // A report for a device never registered is kept all the same.
    await expect(store.syncs.record(report('s-9', 40, { deviceId: 'dev-unknown' }))).resolves.toMatchObject({ deviceId: 'dev-unknown' });
    expect(await store.devices.get('dev-unknown')).toBeUndefined();
  });

  it('pages newest first with cursors, across syncs that started in the same millisecond', async () => {
    for (const [id, minute] of [
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 2],
      ['e', 3],
    ] as const)
      await store.syncs.record(report(id, minute));
    await store.syncs.record(report('other', 9, { deviceId: 'dev-2' }));
    const seen: string[] = [];
    let after: string | undefined;
    const pages: boolean[] = [];
    for (;;) {
      const page = await store.syncs.listByDevice('dev-1', { first: 2, after });
      expect(page.cursors).toHaveLength(page.syncs.length);
      seen.push(...page.syncs.map((s) => s.syncId));
      pages.push(page.hasNextPage);
      if (!page.hasNextPage) break;
      after = page.cursors[page.cursors.length - 1];
    }
    expect(pages).toEqual([true, true, false]);
    expect(seen).toHaveLength(5);
    expect(seen[0]).toBe('e');
    expect(new Set(seen.slice(1, 4))).toEqual(new Set(['b', 'c', 'd']));
    expect(seen[4]).toBe('a');
    expect((await store.syncs.listByDevice('dev-1', { first: 0 })).syncs.map((s) => s.syncId)).toEqual(['e']);
    await expect(store.syncs.listByDevice('dev-1', { first: 2, after: 'bogus' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });
});
