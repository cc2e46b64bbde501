import type { EntitySchema } from '@fieldsync/model';
import { createDeviceTestBed, ownedRecords, type DeviceTestBed } from '../device-test-bed';

/** An N:N relationship between contacts and opportunities (the stakeholders of a deal). */
const stakeholders: EntitySchema = {
  name: 'opportunity_stakeholder',
  primaryKey: 'opportunity_stakeholderid',
  kind: 'intersect',
  fields: [
    { name: 'opportunity_stakeholderid', type: 'string' },
    { name: 'contactid', type: 'lookup', targets: ['contact'] },
    { name: 'opportunityid', type: 'lookup', targets: ['opportunity'] },
  ],
};

describe('N:N associations', () => {
  let bed: DeviceTestBed;

  beforeEach(async () => {
    bed = await createDeviceTestBed(200);
    await bed.store.applySchema({ entities: [...bed.store.schema().entities, stakeholders] });
    const role = await bed.store.createSecurityRole({
      name: 'Stakeholder links',
      privileges: { opportunity_stakeholder: { create: 'user', read: 'user', write: 'user', delete: 'user', append: 'user', appendTo: 'user' } },
    });
    await bed.store.assignRole(bed.userId('alice'), role);
  });

  afterEach(async () => {
    await bed.close();
  });

  it('links records on the device, uploads the association in the second pass and takes the server link id', async () => {
    const device = await bed.device('alice');
    expect((await device.engine.sync()).error).toBeUndefined();
    const [contact] = await ownedRecords(device, 'contact');
    const [account] = await ownedRecords(device, 'account');
    const opportunityId = await device.engine.records.create('opportunity', { name: 'New deal', customerid: { entity: 'account', id: account.id } });
    const linkId = await device.engine.records.associate('opportunity_stakeholder', 'contact', contact.id, 'opportunity', opportunityId);
    expect(await device.engine.records.associate('opportunity_stakeholder', 'contact', contact.id, 'opportunity', opportunityId)).toBe(linkId);
    const result = await device.engine.sync();
    expect(result.error).toBeUndefined();
    expect(result.uploaded).toBe(2);
    const links = await device.engine.records.list('opportunity_stakeholder');
    expect(links).toHaveLength(1);
    expect(links[0].fields).toMatchObject({ contactid: { entity: 'contact', id: contact.id }, opportunityid: { entity: 'opportunity', id: opportunityId } });
    expect(await bed.store.getAsSystem('opportunity_stakeholder', links[0].id)).toBeDefined();
    // The server's link row comes back with its own id: still one link on the device.
    bed.clock.advance(1000);
    await device.engine.sync();
    expect(await device.engine.records.list('opportunity_stakeholder')).toHaveLength(1);

    await device.engine.records.disassociate('opportunity_stakeholder', 'contact', contact.id, 'opportunity', opportunityId);
    expect(await device.engine.records.list('opportunity_stakeholder')).toHaveLength(0);
    expect((await device.engine.sync()).error).toBeUndefined();
    expect(await bed.store.getAsSystem('opportunity_stakeholder', links[0].id)).toBeUndefined();
  });

  it('refuses a link through an entity that is not a relationship of the two', async () => {
    const device = await bed.device('alice');
    await device.engine.sync();
    const [contact] = await ownedRecords(device, 'contact');
    const [account] = await ownedRecords(device, 'account');
    await expect(device.engine.records.associate('opportunity_stakeholder', 'contact', contact.id, 'account', account.id)).rejects.toMatchObject({
      code: 'LOCAL_VALIDATION_FAILED',
    });
    await expect(device.engine.records.associate('contact', 'contact', contact.id, 'account', account.id)).rejects.toMatchObject({
      code: 'LOCAL_VALIDATION_FAILED',
    });
    expect((await device.engine.status()).pendingChanges).toBe(0);
  });
});
