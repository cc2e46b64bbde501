import { FieldsyncError } from '@fieldsync/model';
import { LocalPermissionError, LocalValidationError } from '@fieldsync/sync-core';
import { createDeviceTestBed, ownedRecords, type DeviceTestBed } from '../device-test-bed';

describe('local writes', () => {
  let bed: DeviceTestBed;

  beforeEach(async () => {
    bed = await createDeviceTestBed(200);
  });

  afterEach(async () => {
    await bed.close();
  });

  it('refuses writes the user has no privilege for, before anything is queued', async () => {
    const north = (await bed.store.getUser(bed.userId('alice')))!.businessUnitId;
    const role = await bed.store.createSecurityRole({
      name: 'Reader of tasks',
      privileges: {
        task: { read: 'user', create: 'none', write: 'user', delete: 'none', append: 'user', appendTo: 'user' },
        account: { read: 'businessUnit', create: 'none', write: 'none', delete: 'none', append: 'none', appendTo: 'none' },
      },
    });
    const dave = await bed.store.createUser({ userName: 'dave', fullName: 'Dave Dunn', password: 'demo', businessUnitId: north });
    await bed.store.assignRole(dave, role);
    const device = await bed.device('dave');
    const first = await device.engine.sync();
    expect(first.error).toBeUndefined();
    // Entities without read privilege are not downloaded at all.
    expect(first.decisions.map((decision) => decision.entity).sort()).toEqual(['account', 'task']);
    const create = device.engine.records.create('task', { subject: 'Call back' });
    await expect(create).rejects.toBeInstanceOf(LocalPermissionError);
    await expect(create).rejects.toMatchObject({ code: 'LOCAL_PERMISSION_DENIED', details: { entity: 'task', privilege: 'create' } });
    const [account] = await device.engine.records.list('account', { limit: 1 });
    await expect(device.engine.records.update('account', account.id, { name: 'Renamed' })).rejects.toThrow(/no write privilege/);
    await expect(device.engine.records.delete('account', account.id)).rejects.toThrow(/no delete privilege/);
    expect((await device.engine.status()).pendingChanges).toBe(0);
    expect((await device.engine.records.get('account', account.id))?.fields.name).toBe(account.fields.name);
  });

  it('refuses a change to a record owned by someone else when the privilege covers own records only', async () => {
    const device = await bed.device('alice');
    await device.engine.sync();
    const { userId } = await device.connector.whoAmI();
    const theirs = (await device.engine.records.list('account', { limit: 1000 })).find((record) => (record.fields.ownerid as { id: string }).id !== userId);
    expect(theirs).toBeDefined();
    await expect(device.engine.records.update('account', theirs!.id, { name: 'Mine now' })).rejects.toMatchObject({ code: 'LOCAL_PERMISSION_DENIED' });
  });

  it('lists every invalid value with its path and changes nothing', async () => {
    const device = await bed.device('alice');
    await device.engine.sync();
    const [account] = await ownedRecords(device, 'account');
    const bad = device.engine.records.update('account', account.id, { name: 42, revenue: 'lots', nope: 1, totalamount: 3 });
    await expect(bad).rejects.toBeInstanceOf(LocalValidationError);
    const error = await bad.catch((caught: unknown) => caught);
    expect(FieldsyncError.is(error, 'LOCAL_VALIDATION_FAILED')).toBe(true);
    const paths = (error as LocalValidationError).issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['fields.name', 'fields.revenue', 'fields.nope']));
    await expect(device.engine.records.create('quote', { name: 'Q', totalamount: 10 })).rejects.toThrow(/totalamount/);
    await expect(device.engine.records.create('account', {})).rejects.toThrow(/name/);
    expect((await device.engine.status()).pendingChanges).toBe(0);
    expect((await device.engine.records.get('account', account.id))?.fields.name).toBe(account.fields.name);
  });

  it('forgets a record created and deleted on the device before it was ever sent', async () => {
    const device = await bed.device('alice');
    await device.engine.sync();
    const id = await device.engine.records.create('account', { name: 'Short-lived' });
    await device.engine.records.update('account', id, { telephone1: '555-0101' });
    await device.engine.records.delete('account', id);
    expect((await device.engine.status()).pendingChanges).toBe(0);
    const result = await device.engine.sync();
    expect(result.uploaded).toBe(0);
    expect(await bed.store.getAsSystem('account', id)).toBeUndefined();
  });

  it('uploads a status change in the second pass after the record it belongs to', async () => {
    const device = await bed.device('alice');
    await device.engine.sync();
    const id = await device.engine.records.create('task', { subject: 'Follow up' });
    await device.engine.records.setState('task', id, 1, 5);
    const result = await device.engine.sync();
    expect(result.error).toBeUndefined();
    expect(result.uploaded).toBe(2);
    expect((await bed.store.getAsSystem('task', id))?.fields).toMatchObject({ subject: 'Follow up', statecode: 1, statuscode: 5 });
  });
});
