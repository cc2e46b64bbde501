import type { BridgeStore } from '../api/bridge-store';
import { openBridgeStore } from '../open-bridge-store';
import { describeEachBridgeStore } from '../testing';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 10, minute)).toISOString();

describeEachBridgeStore('SyncLogRepository on $name', (backend) => {
  let store: BridgeStore;
  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(async () => {
    store = await openBridgeStore({ url: await backend.freshUrl() });
  });
  afterEach(() => store.close());

  it('appends a log and reads its text back unchanged', async () => {
    const text = 'line 1\nline 2 – ünïcødé\n'.repeat(2000);
    const log = await store.logs.append({ deviceId: 'dev-1', syncId: 's-1', text, now: at(1) });
    expect(log).toStrictEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), deviceId: 'dev-1', syncId: 's-1', uploadedAt: at(1), text });
    expect(await store.logs.listByDevice('dev-1', 10)).toStrictEqual([log]);
  });

  it("lists a device's logs newest first, the later append first within a millisecond, at most `first`", async () => {
    await store.logs.append({ deviceId: 'dev-1', syncId: 's-1', text: 'one', now: at(1) });
    await store.logs.append({ deviceId: 'dev-1', syncId: 's-3', text: 'three', now: at(3) });
    await store.logs.append({ deviceId: 'dev-1', syncId: 's-2a', text: 'two-a', now: at(2) });
    await store.logs.append({ deviceId: 'dev-1', syncId: 's-2b', text: 'two-b', now: at(2) });
    await store.logs.append({ deviceId: 'dev-2', syncId: 's-x', text: 'other', now: at(9) });
    expect((await store.logs.listByDevice('dev-1', 10)).map((l) => l.text)).toEqual(['three', 'two-b', 'two-a', 'one']);
    expect((await store.logs.listByDevice('dev-1', 2)).map((l) => l.text)).toEqual(['three', 'two-b']);
    expect((await store.logs.listByDevice('dev-1', 0)).map((l) => l.text)).toEqual(['three']);
    expect(await store.logs.listByDevice('dev-none', 10)).toEqual([]);
  });
});
