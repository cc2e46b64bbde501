import type { EntitySchema } from '@fieldsync/model';
import { createDeviceTestBed, demoCustomization, ownedRecords, type DeviceTestBed } from '../device-test-bed';

/**
 * Who takes part in an activity: rows that only exist under their activity. They have an owner of
 * their own, so their access does not follow the activity (an owner-less child's would, and the
 * server would then send no party of a task the user may not read: decision 108).
 */
const activityParty: EntitySchema = {
  name: 'activityparty',
  primaryKey: 'activitypartyid',
  kind: 'child',
  fields: [
    { name: 'activitypartyid', type: 'string' },
    { name: 'activityid', type: 'lookup', targets: ['task', 'appointment'], parent: true, required: true },
    { name: 'partyid', type: 'lookup', targets: ['contact'] },
    { name: 'participationtypemask', type: 'int' },
    { name: 'ownerid', type: 'owner' },
  ],
};

describe('cleanup', () => {
  let bed: DeviceTestBed;

  beforeEach(async () => {
    bed = await createDeviceTestBed(300);
  });

  afterEach(async () => {
    await bed.close();
  });

  it('removes activity parties of no activity and lets them reach five times MaxSyncCount', async () => {
    await bed.store.applySchema({ entities: [...bed.store.schema().entities, activityParty] });
    const privileges = {
      create: 'organization',
      read: 'organization',
      write: 'organization',
      delete: 'organization',
      append: 'organization',
      appendTo: 'organization',
    } as const;
    const role = await bed.store.createSecurityRole({ name: 'Parties', privileges: { activityparty: privileges } });
    await bed.store.assignRole(bed.userId('alice'), role);
    const admin = await bed.store.principalOf(bed.userId('admin'));
    const tasks = (await bed.store.readFull(admin, { entity: 'task', limit: 1000 })).records;
    const contact = (await bed.store.readFull(admin, { entity: 'contact', limit: 1 })).records[0];
    // Three parties per task, for every task in the org: alice may read them all, but not every task.
    await bed.store.insertMany(
      'activityparty',
      tasks.flatMap((task) =>
        [1, 2, 3].map((mask) => ({ activityid: { entity: 'task', id: task.id }, partyid: { entity: 'contact', id: contact.id }, participationtypemask: mask })),
      ),
      { ownerId: bed.userId('admin') },
    );
    const device = await bed.device('alice', { customization: demoCustomization(bed, {}, { MaxSyncCount: 1000 }) });
    const result = await device.engine.sync();
    expect(result.error).toBeUndefined();
    const localTasks = new Set((await device.engine.records.list('task', { limit: 10_000 })).map((task) => task.id));
    expect(localTasks.size).toBeLessThan(tasks.length);
    const parties = await device.engine.records.list('activityparty', { limit: 10_000 });
    expect(parties.length).toBe(localTasks.size * 3);
    expect(parties.every((party) => localTasks.has((party.fields.activityid as { id: string }).id))).toBe(true);
    expect(result.log.some((line) => line.startsWith('<Cleanup Entity="activityparty" Reason="no parent"'))).toBe(true);

    const limited = await bed.device('alice', { customization: demoCustomization(bed, {}, { MaxSyncCount: 2 }) });
    const cut = await limited.engine.sync();
    expect(cut.entities.find((entity) => entity.entity === 'task')?.downloaded).toBe(2);
    expect(cut.entities.find((entity) => entity.entity === 'activityparty')?.downloaded).toBe(10);
  });

  it('brings back the children an account took with it when it leaves the filter and then re-enters it', async () => {
    // Account A on alice's device, with a contact, an opportunity, a note and a note on the contact.
    const notDeactivated = { filter: { entity: 'account', where: { kind: 'condition', field: 'statuscode', operator: 'ne', value: 2 } } };
    const device = await bed.device('alice', { customization: demoCustomization(bed, { account: notDeactivated }) });
    expect((await device.engine.sync()).error).toBeUndefined();
    const [account] = await ownedRecords(device, 'account');
    const alice = bed.userId('alice');
    const ref = (entity: string, id: string) => ({ entity, id });
    const [contactId] = await bed.store.insertMany('contact', [{ lastname: 'Orphan', parentcustomerid: ref('account', account.id) }], { ownerId: alice });
    const [opportunityId] = await bed.store.insertMany('opportunity', [{ name: 'Orphan deal', customerid: ref('account', account.id) }], { ownerId: alice });
    const [noteId, contactNoteId] = await bed.store.insertMany(
      'annotation',
      [
        { subject: 'Account note', objectid: ref('account', account.id) },
        { subject: 'Contact note', objectid: ref('contact', contactId) },
      ],
      { ownerId: alice },
    );
    bed.clock.advance(1000);
    expect((await device.engine.sync()).error).toBeUndefined();
    const children = async () => ({
      contact: (await device.engine.records.list('contact', { limit: 100_000 }))
        .filter((record) => (record.fields.parentcustomerid as { id?: string } | null)?.id === account.id)
        .map((record) => record.id),
      opportunity: (await device.engine.records.list('opportunity', { limit: 100_000 }))
        .filter((record) => (record.fields.customerid as { id?: string } | null)?.id === account.id)
        .map((record) => record.id),
      annotation: (await device.engine.records.list('annotation', { limit: 100_000 }))
        .filter((record) => [account.id, contactId].includes((record.fields.objectid as { id?: string } | null)?.id ?? ''))
        .map((record) => record.id),
    });
    const before = await children();
    expect(before.contact).toContain(contactId);
    expect(before.opportunity).toContain(opportunityId);
    expect(before.annotation).toEqual(expect.arrayContaining([noteId, contactNoteId]));

    // Deactivate A on the server and sync: A and its children leave the device as orphans.
    await bed.store.updateAsSystem('account', account.id, { statecode: 1, statuscode: 2 });
    bed.clock.advance(1000);
    const left = await device.engine.sync();
    expect(left.error).toBeUndefined();
    expect(await device.engine.records.get('account', account.id)).toBeUndefined();
    expect(await children()).toEqual({ contact: [], opportunity: [], annotation: [] });

    // Reactivate A and sync twice: A and every child it took with it are back, as a full sync has them.
    await bed.store.updateAsSystem('account', account.id, { statecode: 0, statuscode: 1 });
    bed.clock.advance(1000);
    const back = await device.engine.sync();
    expect(back.error).toBeUndefined();
    expect(await device.engine.records.get('account', account.id)).toBeDefined();
    expect(back.log).toContain('<RestoreChildren Entity="contact" Parent="account" Parents="1" Records="1" />');
    const sort = (value: Record<string, string[]>) => Object.fromEntries(Object.entries(value).map(([key, ids]) => [key, [...ids].sort()]));
    expect(sort(await children())).toEqual(sort(before));
    bed.clock.advance(1000);
    expect((await device.engine.sync()).error).toBeUndefined();
    expect(sort(await children())).toEqual(sort(before));
    expect((await device.engine.records.get('annotation', contactNoteId))?.fields.subject).toBe('Contact note');

    // The same as a fresh device that downloads everything now.
    const fresh = await bed.device('alice', { customization: demoCustomization(bed, { account: notDeactivated }) });
    expect((await fresh.engine.sync()).error).toBeUndefined();
    for (const entity of ['account', 'contact', 'opportunity', 'quote', 'annotation']) {
      const ids = async (on: typeof device) => (await on.engine.records.list(entity, { limit: 100_000 })).map((record) => record.id).sort();
      expect({ entity, ids: await ids(device) }).toEqual({ entity, ids: await ids(fresh) });
    }
  });

  it('removes records of an upload-only entity once the server has them', async () => {
    const device = await bed.device('alice', { customization: demoCustomization(bed, { task: { uploadOnly: true } }) });
    const first = await device.engine.sync();
    expect(first.decisions.find((decision) => decision.entity === 'task')).toBeUndefined();
    expect(await device.engine.records.list('task')).toEqual([]);
    const id = await device.engine.records.create('task', { subject: 'Visit report' });
    expect(await device.engine.records.get('task', id)).toBeDefined();
    const result = await device.engine.sync();
    expect(result.uploaded).toBe(1);
    expect((await bed.store.getAsSystem('task', id))?.fields.subject).toBe('Visit report');
    expect(await device.engine.records.get('task', id)).toBeUndefined();
    expect(result.log).toContain('<Cleanup Entity="task" Reason="uploaded" Deleted="1" />');
  });
});
