import { TransientError } from '@fieldsync/connector-api';
import type { FieldValues } from '@fieldsync/model';
import { createDeviceTestBed, demoCustomization, ownedRecords, type DeviceTestBed, type TestDevice } from '../device-test-bed';

describe('conflicts: the same record edited on the device and on the server', () => {
  let bed: DeviceTestBed;

  beforeEach(async () => {
    bed = await createDeviceTestBed(200);
  });

  afterEach(async () => {
    await bed.close();
  });

  async function editedOnBothSides(policy: string, local: FieldValues, server: FieldValues): Promise<{ device: TestDevice; id: string }> {
    const device = await bed.device('alice', { customization: demoCustomization(bed, { account: { conflictPolicy: policy } }) });
    await device.engine.sync();
    const [account] = await ownedRecords(device, 'account');
    await device.engine.records.update('account', account.id, local);
    bed.clock.advance(1000);
    await bed.store.updateAsSystem('account', account.id, server);
    bed.clock.advance(1000);
    return { device, id: account.id };
  }

  it('keeps the server record and drops the local change when the policy is ServerWins', async () => {
    const { device, id } = await editedOnBothSides('ServerWins', { name: 'Device name' }, { name: 'Server name' });
    const result = await device.engine.sync();
    expect(result.conflicts).toBe(1);
    expect(result.warnings.map((warning) => warning.code)).toContain('CONFLICT_SERVER_WINS');
    expect((await bed.store.getAsSystem('account', id))?.fields.name).toBe('Server name');
    expect((await device.engine.records.get('account', id))?.fields.name).toBe('Server name');
    expect((await device.engine.status()).pendingChanges).toBe(0);
  });

  it('keeps a local edit when the server changed the same record and the policy is ClientWins', async () => {
    const { device, id } = await editedOnBothSides('ClientWins', { name: 'Device name' }, { name: 'Server name', telephone1: '555-0100' });
    const result = await device.engine.sync();
    expect(result.conflicts).toBe(1);
    expect(result.error).toBeUndefined();
    const server = await bed.store.getAsSystem('account', id);
    expect(server?.fields.name).toBe('Device name');
    const local = await device.engine.records.get('account', id);
    expect(local?.fields.name).toBe('Device name');
    expect(local?.version).toBe(server?.version);
    expect((await device.engine.status()).pendingChanges).toBe(0);
  });

  it('keeps the change as a sync error with both sides when the policy is Manual, and resolves it by keeping the local one', async () => {
    const { device, id } = await editedOnBothSides('Manual', { name: 'Device name' }, { name: 'Server name' });
    const result = await device.engine.sync();
    expect(result.result).toBe('warnings');
    const [error] = await device.engine.errors();
    expect(error).toMatchObject({ entity: 'account', recordId: id, kind: 'conflict', code: 'CONFLICT', localFields: { name: 'Device name' } });
    expect(error.serverRecord?.fields.name).toBe('Server name');
    expect((await bed.store.getAsSystem('account', id))?.fields.name).toBe('Server name');
    expect((await device.engine.records.get('account', id))?.fields.name).toBe('Device name');
    // Held changes do not go up again by themselves.
    await device.engine.sync();
    expect((await bed.store.getAsSystem('account', id))?.fields.name).toBe('Server name');
    await device.engine.resolveError(error.id, 'local');
    const resolved = await device.engine.sync();
    expect(resolved.conflicts).toBe(0);
    expect((await bed.store.getAsSystem('account', id))?.fields.name).toBe('Device name');
    expect(await device.engine.errors()).toEqual([]);
  });

  it('resolves a Manual conflict by taking the server record', async () => {
    const { device, id } = await editedOnBothSides('Manual', { name: 'Device name' }, { name: 'Server name' });
    await device.engine.sync();
    const [error] = await device.engine.errors();
    await device.engine.resolveError(error.id, 'server');
    expect((await device.engine.records.get('account', id))?.fields.name).toBe('Server name');
    expect((await device.engine.status()).pendingChanges).toBe(0);
    await device.engine.sync();
    expect((await bed.store.getAsSystem('account', id))?.fields.name).toBe('Server name');
  });

  it('merges changes to different fields when the policy is FieldMerge', async () => {
    const { device, id } = await editedOnBothSides('FieldMerge', { telephone1: '555-0199' }, { name: 'Server name' });
    const result = await device.engine.sync();
    expect(result.conflicts).toBe(1);
    expect(await device.engine.errors()).toEqual([]);
    const server = await bed.store.getAsSystem('account', id);
    expect(server?.fields).toMatchObject({ name: 'Server name', telephone1: '555-0199' });
    const local = await device.engine.records.get('account', id);
    expect(local?.fields).toMatchObject({ name: 'Server name', telephone1: '555-0199' });
  });

  it('treats changes to the same field as Manual under FieldMerge', async () => {
    const { device, id } = await editedOnBothSides('FieldMerge', { name: 'Device name' }, { name: 'Server name' });
    await device.engine.sync();
    const [error] = await device.engine.errors();
    expect(error).toMatchObject({ recordId: id, kind: 'conflict' });
    expect(error.message).toContain('both sides changed name');
    expect((await device.engine.records.get('account', id))?.fields.name).toBe('Device name');
  });

  it('follows the policy for an update of a record the server deleted meanwhile', async () => {
    for (const policy of ['ServerWins', 'ClientWins', 'Manual']) {
      const device = await bed.device('alice', { customization: demoCustomization(bed, { contact: { conflictPolicy: policy } }) });
      await device.engine.sync();
      const contacts = await ownedRecords(device, 'contact');
      const contact = contacts[['ServerWins', 'ClientWins', 'Manual'].indexOf(policy)];
      await device.engine.records.update('contact', contact.id, { jobtitle: `Kept by ${policy}` });
      await bed.store.deleteAsSystem('contact', contact.id);
      bed.clock.advance(1000);
      const result = await device.engine.sync();
      expect(result.error).toBeUndefined();
      if (policy === 'ServerWins') {
        expect(result.warnings.map((warning) => warning.code)).toContain('DELETED_ON_SERVER');
        expect(await device.engine.records.get('contact', contact.id)).toBeUndefined();
      } else if (policy === 'ClientWins') {
        expect(result.warnings.map((warning) => warning.code)).toContain('RECREATED');
        const back = await bed.store.getAsSystem('contact', contact.id);
        expect(back?.fields.jobtitle).toBe('Kept by ClientWins');
        expect((await device.engine.records.get('contact', contact.id))?.fields.jobtitle).toBe('Kept by ClientWins');
      } else {
        const [error] = await device.engine.errors();
        expect(error).toMatchObject({ recordId: contact.id, kind: 'deleted-on-server' });
        expect((await device.engine.records.get('contact', contact.id))?.fields.jobtitle).toBe('Kept by Manual');
      }
      await device.close();
    }
  });

  describe('an edit on one device of a record another device deleted (default policy FieldMerge)', () => {
    /** Device A deletes contact Z, device B edits it; A syncs, then B syncs. */
    async function deletedOnADeviceEditedOnB(
      policy?: string,
    ): Promise<{ b: TestDevice; id: string; result: Awaited<ReturnType<TestDevice['engine']['sync']>> }> {
      const customization = demoCustomization(bed, policy ? { contact: { conflictPolicy: policy } } : {});
      const a = await bed.device('alice', { customization });
      const b = await bed.device('alice', { customization });
      await a.engine.sync();
      await b.engine.sync();
      const [contact] = await ownedRecords(a, 'contact');
      await a.engine.records.delete('contact', contact.id);
      await b.engine.records.update('contact', contact.id, { jobtitle: 'Edited on B' });
      bed.clock.advance(1000);
      const deleted = await a.engine.sync();
      expect(deleted.error).toBeUndefined();
      expect(await bed.store.getAsSystem('contact', contact.id)).toBeUndefined();
      bed.clock.advance(1000);
      const result = await b.engine.sync();
      return { b, id: contact.id, result };
    }

    it.each([[undefined], ['FieldMerge'], ['Manual']])(
      'keeps the edit as a deleted-on-server sync error (policy %s) and the record on the device',
      async (policy) => {
        const { b, id, result } = await deletedOnADeviceEditedOnB(policy);
        expect(result.error).toBeUndefined();
        expect(result.result).toBe('warnings');
        const errors = await b.engine.errors();
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatchObject({
          entity: 'contact',
          recordId: id,
          kind: 'deleted-on-server',
          code: 'DELETED_ON_SERVER',
          localFields: { jobtitle: 'Edited on B' },
        });
        expect((await b.engine.records.get('contact', id))?.fields.jobtitle).toBe('Edited on B');
        expect((await b.engine.status()).pendingChanges).toBe(1);
        // The download that follows the upload (the server's delete) leaves the held record alone, sync after sync.
        const again = await b.engine.sync();
        expect(again.error).toBeUndefined();
        expect((await b.engine.records.get('contact', id))?.fields.jobtitle).toBe('Edited on B');
        expect(await bed.store.getAsSystem('contact', id)).toBeUndefined();
      },
    );

    it('puts the record back on the server with the edit when resolved by recreating it (keep local)', async () => {
      const { b, id } = await deletedOnADeviceEditedOnB();
      const [error] = await b.engine.errors();
      await b.engine.resolveError(error.id, 'local');
      const resolved = await b.engine.sync();
      expect(resolved.error).toBeUndefined();
      expect(await b.engine.errors()).toEqual([]);
      expect((await b.engine.status()).pendingChanges).toBe(0);
      const back = await bed.store.getAsSystem('contact', id);
      expect(back?.fields.jobtitle).toBe('Edited on B');
      expect((await b.engine.records.get('contact', id))?.fields.jobtitle).toBe('Edited on B');
    });

    it('removes the record from the device when resolved by accepting the delete (keep server)', async () => {
      const { b, id } = await deletedOnADeviceEditedOnB();
      const [error] = await b.engine.errors();
      await b.engine.resolveError(error.id, 'server');
      expect(await b.engine.records.get('contact', id)).toBeUndefined();
      expect((await b.engine.status()).pendingChanges).toBe(0);
      const after = await b.engine.sync();
      expect(after.error).toBeUndefined();
      expect(after.uploaded).toBe(0);
      expect(await b.engine.records.get('contact', id)).toBeUndefined();
      expect(await bed.store.getAsSystem('contact', id)).toBeUndefined();
    });
  });

  it('does not conflict with itself when an update is retried after its answer was lost', async () => {
    const device = await bed.device('alice', { customization: demoCustomization(bed, { account: { conflictPolicy: 'Manual' } }) });
    await device.engine.sync();
    const [account] = await ownedRecords(device, 'account');
    await device.engine.records.update('account', account.id, { name: 'Retried name' });
    bed.transport.loseNextWriteResponse();
    expect((await device.engine.sync()).result).toBe('failed');
    const retried = await device.engine.sync();
    expect(retried.conflicts).toBe(0);
    expect(await device.engine.errors()).toEqual([]);
    expect((await bed.store.getAsSystem('account', account.id))?.fields.name).toBe('Retried name');
  });

  it('applies the policy to an unanswered update sent again that meets a server change', async () => {
    const device = await bed.device('alice');
    await device.engine.sync();
    const [contact] = await ownedRecords(device, 'contact');
    await device.engine.records.update('contact', contact.id, { telephone1: '555-0142' });
    // The connection drops before the batch reaches the server.
    const writeBatch = device.connector.writeBatch.bind(device.connector);
    let dropped = false;
    (device.connector as { writeBatch: typeof writeBatch }).writeBatch = async (batch) => {
      if (!dropped) {
        dropped = true;
        throw new TransientError('connection reset (injected)');
      }
      return writeBatch(batch);
    };
    expect((await device.engine.sync()).error?.code).toBe('TRANSIENT');
    await bed.store.updateAsSystem('contact', contact.id, { jobtitle: 'Changed on the server' });
    bed.clock.advance(1000);
    const result = await device.engine.sync();
    expect(result.conflicts).toBe(1);
    expect(result.uploaded).toBe(1);
    expect(await device.engine.errors()).toEqual([]);
    expect((await bed.store.getAsSystem('contact', contact.id))?.fields).toMatchObject({ telephone1: '555-0142', jobtitle: 'Changed on the server' });
  });

  it('resolves a conflict with a merged record, refusing a merge that does not fit the entity', async () => {
    const { device, id } = await editedOnBothSides('Manual', { name: 'Device name' }, { name: 'Server name', telephone1: '555-0177' });
    await device.engine.sync();
    const [error] = await device.engine.errors();
    await expect(device.engine.resolveError(error.id, { merged: { name: 7 } })).rejects.toMatchObject({ code: 'LOCAL_VALIDATION_FAILED' });
    expect(await device.engine.errors()).toHaveLength(1);
    await device.engine.resolveError(error.id, { merged: { name: 'Device and Server name' } });
    expect((await device.engine.records.get('account', id))?.fields.name).toBe('Device and Server name');
    const result = await device.engine.sync();
    expect(result.conflicts).toBe(0);
    expect((await bed.store.getAsSystem('account', id))?.fields).toMatchObject({ name: 'Device and Server name', telephone1: '555-0177' });
    expect(await device.engine.errors()).toEqual([]);
  });

  it('takes the server side of a refused create by removing the record the server never had', async () => {
    const device = await bed.device('alice');
    await device.engine.sync();
    const [account] = await ownedRecords(device, 'account');
    const quote = await device.engine.records.create('quote', { name: 'Refused', customerid: { entity: 'account', id: account.id } });
    await bed.store.deleteAsSystem('account', account.id);
    await device.engine.sync();
    const [error] = await device.engine.errors();
    expect(error).toMatchObject({ recordId: quote, kind: 'failed' });
    await device.engine.resolveError(error.id, 'server');
    expect(await device.engine.records.get('quote', quote)).toBeUndefined();
    expect((await device.engine.status()).pendingChanges).toBe(0);
  });
});
