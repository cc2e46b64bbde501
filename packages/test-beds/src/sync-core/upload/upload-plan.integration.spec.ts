import type { CrmConnector } from '@fieldsync/connector-api';
import { createDeviceTestBed, demoCustomization, ownedRecords, type DeviceTestBed, type TestDevice } from '../device-test-bed';

/** Records the operations of every write batch the device sends. */
function recordBatches(device: TestDevice): Array<Array<{ kind: string; entity: string; id?: string }>> {
  const batches: Array<Array<{ kind: string; entity: string; id?: string }>> = [];
  const writeBatch = device.connector.writeBatch.bind(device.connector);
  (device.connector as { writeBatch: CrmConnector['writeBatch'] }).writeBatch = async (batch) => {
    batches.push(batch.operations.map((operation) => ({ kind: operation.kind, entity: operation.entity, ...('id' in operation ? { id: operation.id } : {}) })));
    return writeBatch(batch);
  };
  return batches;
}

describe('upload planning', () => {
  let bed: DeviceTestBed;

  beforeEach(async () => {
    bed = await createDeviceTestBed(200);
  });

  afterEach(async () => {
    await bed.close();
  });

  it('sends batches of MaxExecuteMultiple operations, parents first, in creation order', async () => {
    const device = await bed.device('alice', { customization: demoCustomization(bed, {}, { MaxExecuteMultiple: 4 }) });
    await device.engine.sync();
    const accounts: string[] = [];
    const contacts: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      // Children first in time: the plan must still put every account before the contacts.
      const placeholder = (await ownedRecords(device, 'account'))[0].id;
      contacts.push(await device.engine.records.create('contact', { lastname: `Child ${index}`, parentcustomerid: { entity: 'account', id: placeholder } }));
      accounts.push(await device.engine.records.create('account', { name: `Parent ${index}` }));
    }
    const batches = recordBatches(device);
    const result = await device.engine.sync();
    expect(result.error).toBeUndefined();
    expect(result.uploaded).toBe(10);
    expect(batches.map((batch) => batch.length)).toEqual([4, 4, 2]);
    const order = batches.flat().map((operation) => operation.id);
    expect(order).toEqual([...accounts, ...contacts]);
  });

  it('sets a plain lookup to a record created in the same batch in pass 2 of the same sync', async () => {
    const device = await bed.device('alice');
    await device.engine.sync();
    // The child is created first: its parent account does not exist on the server when it goes up.
    const parent = await device.engine.records.create('account', { name: 'Parent Ltd' });
    const child = await device.engine.records.create('account', { name: 'Child Ltd', parentaccountid: { entity: 'account', id: parent } });
    await device.engine.records.update('account', parent, { telephone1: '555-0100' });
    const batches = recordBatches(device);
    const result = await device.engine.sync();
    expect(result.error).toBeUndefined();
    expect((await bed.store.getAsSystem('account', child))?.fields.parentaccountid).toEqual({ entity: 'account', id: parent });
    expect((await device.engine.status()).pendingChanges).toBe(0);
    expect(batches.map((batch) => batch.map((operation) => operation.kind))).toEqual([['create', 'create'], ['update']]);
  });

  it('uploads by last modification when UploadRecordsInChronologicalOrder is off', async () => {
    const device = await bed.device('alice', { customization: demoCustomization(bed, {}, { UploadRecordsInChronologicalOrder: false }) });
    await device.engine.sync();
    const first = await device.engine.records.create('account', { name: 'First' });
    const second = await device.engine.records.create('account', { name: 'Second' });
    await device.engine.records.update('account', first, { telephone1: '555-0001' });
    const batches = recordBatches(device);
    await device.engine.sync();
    expect(batches.flat().map((operation) => operation.id)).toEqual([second, first]);
  });

  it('gives records the ids the server assigns and points their children and queued changes at them', async () => {
    const device = await bed.device('alice');
    await device.engine.sync();
    // A backend that assigns ids itself (Salesforce): the device's GUIDs are only local names.
    const capabilities = { ...device.connector.capabilities, clientAssignedIds: false };
    Object.defineProperty(device.connector, 'capabilities', { get: () => capabilities });
    const quoteId = await device.engine.records.create('quote', {
      name: 'Remapped quote',
      customerid: { entity: 'account', id: (await ownedRecords(device, 'account'))[0].id },
    });
    const detailId = await device.engine.records.create('quotedetail', {
      quoteid: { entity: 'quote', id: quoteId },
      productdescription: 'Widget',
      quantity: 1,
      priceperunit: 12,
    });
    const result = await device.engine.sync();
    expect(result.error).toBeUndefined();
    expect(result.uploaded).toBe(2);
    expect(await device.engine.records.get('quote', quoteId)).toBeUndefined();
    const quotes = await device.engine.records.list('quote', { limit: 1000 });
    const remapped = quotes.find((quote) => quote.fields.name === 'Remapped quote');
    expect(remapped).toBeDefined();
    expect(remapped!.id).not.toBe(quoteId);
    expect((await bed.store.getAsSystem('quote', remapped!.id))?.fields.totalamount).toBe(12);
    const details = await device.engine.records.list('quotedetail', { limit: 1000 });
    const detail = details.find((candidate) => candidate.fields.productdescription === 'Widget');
    expect(detail?.id).not.toBe(detailId);
    expect(detail?.fields.quoteid).toEqual({ entity: 'quote', id: remapped!.id });
    expect((await device.engine.status()).pendingChanges).toBe(0);
  });

  it('holds back only the records that depend on a failed one', async () => {
    const device = await bed.device('alice');
    await device.engine.sync();
    const [account] = await ownedRecords(device, 'account');
    const failing = await device.engine.records.create('quote', { name: 'Doomed quote', customerid: { entity: 'account', id: account.id } });
    const child = await device.engine.records.create('quotedetail', {
      quoteid: { entity: 'quote', id: failing },
      productdescription: 'Waits',
      quantity: 1,
      priceperunit: 1,
    });
    const independent = await device.engine.records.create('task', { subject: 'Independent' });
    // The server refuses the quote: the account it points at is deleted meanwhile.
    await bed.store.deleteAsSystem('account', account.id);
    const result = await device.engine.sync();
    expect(result.errors).toBe(1);
    const [error] = await device.engine.errors();
    expect(error).toMatchObject({ entity: 'quote', recordId: failing, kind: 'failed', code: 'REFERENCE_NOT_FOUND' });
    expect(await bed.store.getAsSystem('task', independent)).toBeDefined();
    expect(await bed.store.getAsSystem('quotedetail', child)).toBeUndefined();
    expect((await device.engine.status()).pendingChanges).toBe(2);
    expect(await device.engine.records.get('quotedetail', child)).toBeDefined();
  });

  it('uploads what is unsynced, then downloads everything again on reset, keeping unsent changes', async () => {
    const device = await bed.device('alice');
    await device.engine.sync();
    const created = await device.engine.records.create('account', { name: 'Before reset' });
    const result = await device.engine.reset();
    expect(result.error).toBeUndefined();
    expect(result.kind).toBe('reset');
    expect(result.uploaded).toBe(1);
    expect(result.decisions.every((decision) => decision.mode === 'full')).toBe(true);
    expect((await device.engine.records.get('account', created))?.fields.name).toBe('Before reset');
    const entityOnly = await device.engine.reset({ entity: 'contact' });
    expect(entityOnly.decisions.filter((decision) => decision.mode === 'full').map((decision) => decision.entity)).toEqual(['contact']);
  });
});
