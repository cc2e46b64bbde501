import type { CrmConnector } from '@fieldsync/connector-api';
import { createDeviceTestBed, demoCustomization, ownedRecords, type DeviceTestBed, type TestDevice } from '../device-test-bed';

/** Counts the contact pages the device's (real, embedded) connector returns, and fails the read after `failAfter` of them while set. */
function countContactPages(device: TestDevice): { pages: number; records: number; failAfter?: number } {
  const counter: { pages: number; records: number; failAfter?: number } = { pages: 0, records: 0 };
  const connector = device.connector as { readPage: CrmConnector['readPage'] };
  const readPage = connector.readPage.bind(device.connector);
  connector.readPage = async (request) => {
    if (request.entity === 'contact' && counter.failAfter !== undefined && counter.pages >= counter.failAfter) throw new Error('network lost (injected)');
    const page = await readPage(request);
    if (request.entity === 'contact') {
      counter.pages += 1;
      counter.records += page.records.length;
    }
    return page;
  };
  return counter;
}

describe('a cut staged sync resumes its staging', () => {
  let bed: DeviceTestBed;

  beforeEach(async () => {
    bed = await createDeviceTestBed(400);
  });

  afterEach(async () => {
    await bed.close();
  });

  async function syncedDevice(): Promise<{ device: TestDevice; counter: ReturnType<typeof countContactPages> }> {
    const device = await bed.device('alice', { customization: demoCustomization(bed, { contact: { pageSize: 3 } }) });
    expect((await device.engine.sync()).error).toBeUndefined();
    bed.clock.advance(60_000);
    return { device, counter: countContactPages(device) };
  }

  async function changeContactsOnServer(device: TestDevice): Promise<void> {
    for (const contact of await ownedRecords(device, 'contact')) await bed.store.updateAsSystem('contact', contact.id, { jobtitle: 'Staged title' });
    bed.clock.advance(1000);
  }

  it('reads only the pages it had not staged, and applies the same records as an uncut staged sync', async () => {
    const uncut = await syncedDevice();
    const { device, counter } = await syncedDevice();
    await changeContactsOnServer(device);

    const whole = await uncut.device.engine.sync({ staged: true, full: true });
    expect(whole.error).toBeUndefined();
    const allPages = uncut.counter.pages;
    expect(allPages).toBeGreaterThan(6);

    counter.failAfter = 5;
    const cut = await device.engine.sync({ staged: true, full: true });
    expect(cut.result).toBe('failed');
    expect(counter.pages).toBe(5);
    expect((await device.engine.status()).updates).toBeUndefined();

    delete counter.failAfter;
    counter.pages = 0;
    counter.records = 0;
    bed.clock.advance(10_000);
    const resumed = await device.engine.sync({ staged: true, full: true });
    expect(resumed.error).toBeUndefined();
    expect(resumed.log.find((line) => line.startsWith('<StagingResumed Entity="contact"'))).toContain('Pages="5"');
    // Only the rest was read: the 5 staged pages are not read again.
    expect(counter.pages).toBe(allPages - 5);
    expect(counter.records).toBe(uncut.counter.records - 5 * 3);
    // Current as of the sync that began the staging.
    expect(resumed.updatesAvailable).toBeDefined();

    await uncut.device.engine.applyUpdate();
    const applied = await device.engine.applyUpdate();
    expect(applied.counts.changed).toBe(whole.updatesAvailable?.counts.changed);
    const expected = await uncut.device.engine.records.list('contact', { limit: 10_000 });
    expect(await device.engine.records.list('contact', { limit: 10_000 })).toEqual(expected);
    expect(expected.filter((contact) => contact.fields.jobtitle === 'Staged title').length).toBeGreaterThan(0);
    expect((await device.engine.status()).currentAsOf).toBe(cut.startedAt);
  });

  it('keeps a local edit made between the cut and the resume', async () => {
    const { device, counter } = await syncedDevice();
    await changeContactsOnServer(device);
    counter.failAfter = 4;
    expect((await device.engine.sync({ staged: true, full: true })).result).toBe('failed');
    const [mine] = await ownedRecords(device, 'contact');
    await device.engine.records.update('contact', mine.id, { firstname: 'Edited between' });
    delete counter.failAfter;
    const resumed = await device.engine.sync({ staged: true, full: true });
    expect(resumed.error).toBeUndefined();
    await device.engine.applyUpdate();
    expect((await device.engine.records.get('contact', mine.id))?.fields).toMatchObject({ firstname: 'Edited between', jobtitle: 'Staged title' });
  });

  it('drops the cut staging when a blocking sync runs in between: the next staged sync starts from the live anchors', async () => {
    const { device, counter } = await syncedDevice();
    await changeContactsOnServer(device);
    counter.failAfter = 5;
    expect((await device.engine.sync({ staged: true, full: true })).result).toBe('failed');
    delete counter.failAfter;
    const blocking = await device.engine.sync();
    expect(blocking.error).toBeUndefined();
    expect(blocking.log.some((line) => line.startsWith('<StagingResumed'))).toBe(false);
    const contacts = await ownedRecords(device, 'contact');
    expect(contacts.every((contact) => contact.fields.jobtitle === 'Staged title')).toBe(true);
    const before = counter.pages;
    const staged = await device.engine.sync({ staged: true, full: true });
    expect(staged.error).toBeUndefined();
    expect(staged.log.some((line) => line.startsWith('<StagingResumed'))).toBe(false);
    expect(counter.pages - before).toBeGreaterThan(5);
  });
});
