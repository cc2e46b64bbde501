import type { CrmConnector } from '@fieldsync/connector-api';
import { createDeviceTestBed, demoCustomization, type DeviceTestBed, type TestDevice } from '../device-test-bed';

/**
 * Makes the device's backend one that reports sharing apart from changes (as Dynamics does): its
 * incremental reads leave out records that became invisible, and it declares `visibilityChanges: false`.
 */
function sharingApart(device: TestDevice): { sharingCalls: () => number } {
  let calls = 0;
  const capabilities = { ...device.connector.capabilities, visibilityChanges: false, sharedRecords: true };
  Object.defineProperty(device.connector, 'capabilities', { get: () => capabilities });
  const readPage = device.connector.readPage.bind(device.connector);
  (device.connector as { readPage: CrmConnector['readPage'] }).readPage = async (request) => {
    const page = await readPage(request);
    return { ...page, removed: page.removed.filter((removal) => removal.reason !== 'no-access') };
  };
  const readSharingChanges = device.connector.readSharingChanges?.bind(device.connector);
  (device.connector as { readSharingChanges: CrmConnector['readSharingChanges'] }).readSharingChanges = async (request) => {
    calls += 1;
    if (!readSharingChanges) throw new Error('the embedded connector reads sharing changes');
    return readSharingChanges(request);
  };
  return { sharingCalls: () => calls };
}

describe('SyncShared', () => {
  let bed: DeviceTestBed;

  beforeEach(async () => {
    bed = await createDeviceTestBed(300);
  });

  afterEach(async () => {
    await bed.close();
  });

  async function unsharedAfterFirstSync(syncShared: boolean) {
    const hidden = (await bed.store.readFull(await bed.store.principalOf(bed.userId('carol')), { entity: 'account', limit: 1 })).records[0];
    await bed.store.share('account', hidden.id, bed.userId('alice'));
    const device = await bed.device('alice', { customization: demoCustomization(bed, {}, { SyncShared: syncShared }) });
    const watch = sharingApart(device);
    await device.engine.sync();
    expect(await device.engine.records.get('account', hidden.id)).toBeDefined();
    await bed.store.unshare('account', hidden.id, bed.userId('alice'));
    bed.clock.advance(1000);
    const result = await device.engine.sync();
    expect(result.error).toBeUndefined();
    return { device, id: hidden.id, calls: watch.sharingCalls() };
  }

  it('removes a record unshared from the user through the extra sharing pass when SyncShared is on', async () => {
    const { device, id, calls } = await unsharedAfterFirstSync(true);
    expect(calls).toBeGreaterThan(0);
    expect(await device.engine.records.get('account', id)).toBeUndefined();
  });

  it('makes no sharing pass when SyncShared is off, so such a backend leaves the record on the device', async () => {
    const { device, id, calls } = await unsharedAfterFirstSync(false);
    expect(calls).toBe(0);
    expect(await device.engine.records.get('account', id)).toBeDefined();
  });
});
