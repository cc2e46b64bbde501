import type { CrmConnector } from '@fieldsync/connector-api';
import { createDeviceTestBed, demoCustomization, type DeviceTestBed, type TestDevice } from '../device-test-bed';

/** Watches the device's page reads: how many run at once at most, and the page size asked per entity. */
function watchReads(device: TestDevice): { maxConcurrent: () => number; pageSizes: Map<string, number> } {
  let running = 0;
  let max = 0;
  const pageSizes = new Map<string, number>();
  const readPage = device.connector.readPage.bind(device.connector);
  (device.connector as { readPage: CrmConnector['readPage'] }).readPage = async (request) => {
    running += 1;
    max = Math.max(max, running);
    pageSizes.set(request.entity, request.pageSize);
    try {
      // A backend answer takes a moment: long enough for the engine's other downloads to overlap.
      await new Promise((resolve) => setTimeout(resolve, 5));
      return await readPage(request);
    } finally {
      running -= 1;
    }
  };
  return { maxConcurrent: () => max, pageSizes };
}

describe('settings that shape the download', () => {
  let bed: DeviceTestBed;

  beforeEach(async () => {
    bed = await createDeviceTestBed(200);
  });

  afterEach(async () => {
    await bed.close();
  });

  it('downloads DownloadConcurrency entities at once', async () => {
    const device = await bed.device('alice', { customization: demoCustomization(bed, {}, { DownloadConcurrency: 3 }) });
    const reads = watchReads(device);
    expect((await device.engine.sync()).error).toBeUndefined();
    expect(reads.maxConcurrent()).toBe(3);
  });

  it('downloads one entity after another when MultiThreadSync is off', async () => {
    const device = await bed.device('alice', { customization: demoCustomization(bed, {}, { MultiThreadSync: false, DownloadConcurrency: 3 }) });
    const reads = watchReads(device);
    expect((await device.engine.sync()).error).toBeUndefined();
    expect(reads.maxConcurrent()).toBe(1);
  });

  it('reads emails in pages of EmailFetchPageSize and other entities in pages of 500', async () => {
    const device = await bed.device('alice', { customization: demoCustomization(bed, {}, { EmailFetchPageSize: 40 }) });
    const reads = watchReads(device);
    await device.engine.sync();
    expect(reads.pageSizes.get('email')).toBe(40);
    expect(reads.pageSizes.get('account')).toBe(500);
  });

  it('writes every page and upload operation to the sync log when LogSyncDetails is on, and only the step lines when off', async () => {
    const detailed = await bed.device('alice', { customization: demoCustomization(bed, {}, { LogSyncDetails: true }) });
    const first = await detailed.engine.sync();
    expect(first.log.filter((line) => line.startsWith('<Page Entity="account" Mode="full"'))).toHaveLength(1);
    const id = await detailed.engine.records.create('task', { subject: 'Logged' });
    const second = await detailed.engine.sync();
    expect(second.log).toContain(`<Upload Entity="task" Id="${id}" Kind="create" Status="ok" />`);
    const quiet = await bed.device('alice');
    const plain = await quiet.engine.sync();
    expect(plain.log.some((line) => line.startsWith('<Page') || line.startsWith('<Upload'))).toBe(false);
  });
});
