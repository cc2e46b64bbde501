import { createDeviceTestBed, demoCustomization, ownedRecords, type DeviceTestBed } from '../device-test-bed';

describe('staged download', () => {
  let bed: DeviceTestBed;

  beforeEach(async () => {
    bed = await createDeviceTestBed(400);
  });

  afterEach(async () => {
    await bed.close();
  });

  it('lets a reader see only the old data during the staged download and until Apply Update, and only the new after it', async () => {
    let step = '';
    const device = await bed.device('alice', {
      customization: demoCustomization(bed, { contact: { pageSize: 3 } }),
      onProgress: (progress) => (step = progress.step),
    });
    await device.engine.sync();
    const contacts = await device.engine.records.list('contact', { limit: 1000 });
    for (const contact of contacts) await bed.store.updateAsSystem('contact', contact.id, { jobtitle: 'New title' });
    bed.clock.advance(1000);
    let readsDuringDownload = 0;
    let newSeenDuringDownload = 0;
    const sync = device.engine.sync({ staged: true });
    while (device.engine.syncing) {
      const seen = await device.engine.records.list('contact', { limit: 1000 });
      if (step === 'download') {
        readsDuringDownload += 1;
        newSeenDuringDownload += seen.filter((contact) => contact.fields.jobtitle === 'New title').length;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const result = await sync;
    expect(result.error).toBeUndefined();
    expect(result.log.some((line) => line.startsWith('<UpdatesAvailable'))).toBe(true);
    expect(readsDuringDownload).toBeGreaterThan(2);
    expect(newSeenDuringDownload).toBe(0);
    expect(await device.engine.records.list('contact', { limit: 1000 })).toEqual(contacts);
    await device.engine.applyUpdate();
    const after = await device.engine.records.list('contact', { limit: 1000 });
    expect(after).toHaveLength(contacts.length);
    expect(after.every((contact) => contact.fields.jobtitle === 'New title')).toBe(true);
    // The anchors moved with the swap: nothing is downloaded twice.
    const next = await device.engine.sync();
    expect(next.decisions.find((decision) => decision.entity === 'contact')?.mode).toBe('skip');
  });

  it('carries a local edit made during the staged download over the swap', async () => {
    const device = await bed.device('alice', { customization: demoCustomization(bed, { contact: { pageSize: 3 } }) });
    await device.engine.sync();
    const [mine] = await ownedRecords(device, 'contact');
    const sync = device.engine.sync({ staged: true, full: true });
    await device.engine.records.update('contact', mine.id, { jobtitle: 'Edited during staging' });
    const result = await sync;
    expect(result.error).toBeUndefined();
    if (result.updatesAvailable) await device.engine.applyUpdate();
    expect((await device.engine.records.get('contact', mine.id))?.fields.jobtitle).toBe('Edited during staging');
    await device.engine.sync();
    expect((await bed.store.getAsSystem('contact', mine.id))?.fields.jobtitle).toBe('Edited during staging');
  });

  it('leaves the live tables untouched when a staged download fails', async () => {
    const device = await bed.device('alice', { customization: demoCustomization(bed, { contact: { pageSize: 3 } }) });
    await device.engine.sync();
    const before = await device.engine.records.list('contact', { limit: 1000 });
    for (const contact of before) await bed.store.updateAsSystem('contact', contact.id, { jobtitle: 'Never seen' });
    let pages = 0;
    const readPage = device.connector.readPage.bind(device.connector);
    (device.connector as { readPage: typeof readPage }).readPage = async (request) => {
      if (request.entity === 'contact' && ++pages === 2) throw new Error('connection reset (injected)');
      return readPage(request);
    };
    const failed = await device.engine.sync({ staged: true });
    expect(failed.result).toBe('failed');
    expect(await device.engine.records.list('contact', { limit: 1000 })).toEqual(before);
  });
});
