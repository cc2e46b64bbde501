import type { RecordPage } from '@fieldsync/connector-api';
import { createDeviceTestBed, ownedRecords, type DeviceTestBed } from '../device-test-bed';

describe('a server page that breaks the contract', () => {
  let bed: DeviceTestBed;

  beforeEach(async () => {
    bed = await createDeviceTestBed(200);
  });

  afterEach(async () => {
    await bed.close();
  });

  it.each([
    [
      'a record without an id',
      (page: RecordPage) => ({
        ...page,
        records: page.records.map((record, index) => (index === 0 ? { ...record, id: undefined as unknown as string } : record)),
      }),
      /records\[0\]\.id/,
    ],
    [
      'a value of the wrong type',
      (page: RecordPage) => ({
        ...page,
        records: page.records.map((record, index) => (index === 0 ? { ...record, fields: { ...record.fields, numberofemployees: 'many' } } : record)),
      }),
      /numberofemployees/,
    ],
    [
      'a record of another entity',
      (page: RecordPage) => ({ ...page, records: page.records.map((record) => ({ ...record, entity: 'contact' })) }),
      /entity: expected 'account'/,
    ],
  ])('stops the sync with a typed error on %s and loses nothing', async (_name, corrupt, message) => {
    const device = await bed.device('alice');
    await device.engine.sync();
    const [account] = await ownedRecords(device, 'account');
    await device.engine.records.update('account', account.id, { telephone1: '555-0123' });
    await bed.store.updateAsSystem('account', (await device.engine.records.list('account', { limit: 2 }))[1].id, { numberofemployees: 7 });
    bed.clock.advance(1000);
    const before = await device.engine.records.list('account', { limit: 1000 });
    const readPage = device.connector.readPage.bind(device.connector);
    (device.connector as { readPage: typeof readPage }).readPage = async (request) => {
      const page = await readPage(request);
      return request.entity === 'account' && page.records.length > 0 ? corrupt(page) : page;
    };
    const result = await device.engine.sync({ full: ['account'] });
    expect(result.result).toBe('failed');
    expect(result.error?.code).toBe('CONTRACT_VIOLATION');
    expect(result.error?.message).toMatch(message);
    // The local edit went up before the download; the device's accounts are as they were.
    expect((await bed.store.getAsSystem('account', account.id))?.fields.telephone1).toBe('555-0123');
    const after = await device.engine.records.list('account', { limit: 1000 });
    expect(after.map((record) => record.id)).toEqual(before.map((record) => record.id));
  });
});
