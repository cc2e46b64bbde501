import { TransientError } from '@fieldsync/connector-api';
import { createDeviceTestBed, demoCustomization, ownedRecords, type DeviceTestBed } from '../device-test-bed';

/** The ids of `entity` that `user` may read on the server, sorted. */
async function visibleIdsOf(bed: DeviceTestBed, user: string, entity: string): Promise<string[]> {
  const principal = await bed.store.principalOf(bed.userId(user));
  const ids: string[] = [];
  let afterId: string | undefined;
  for (;;) {
    const page = await bed.store.readFull(principal, { entity, limit: 1000, ...(afterId ? { afterId } : {}) });
    ids.push(...page.records.map((record) => record.id));
    if (page.done || !page.lastId) break;
    afterId = page.lastId;
  }
  return ids.sort();
}

describe('download scenarios', () => {
  let bed: DeviceTestBed;

  beforeEach(async () => {
    bed = await createDeviceTestBed(400);
  });

  afterEach(async () => {
    await bed.close();
  });

  const visibleIds = (user: string, entity: string) => visibleIdsOf(bed, user, entity);

  it('gives two devices of different users only their own records', async () => {
    const alice = await bed.device('alice');
    const carol = await bed.device('carol');
    await alice.engine.sync();
    await carol.engine.sync();
    const aliceIds = (await alice.engine.records.list('account', { limit: 100_000 })).map((record) => record.id).sort();
    const carolIds = (await carol.engine.records.list('account', { limit: 100_000 })).map((record) => record.id).sort();
    expect(aliceIds).toEqual(await visibleIds('alice', 'account'));
    expect(carolIds).toEqual(await visibleIds('carol', 'account'));
    expect(aliceIds.filter((id) => carolIds.includes(id))).toEqual([]);
    const all = (await bed.store.count(await bed.store.principalOf(bed.userId('admin')), { entity: 'account' })).matching;
    expect(aliceIds.length).toBeLessThan(all);
  });

  it('brings a record shared with the user at the next sync and removes it when unshared', async () => {
    const alice = await alice_device();
    const aliceIds = new Set((await alice.engine.records.list('account', { limit: 100_000 })).map((record) => record.id));
    const hidden = (await visibleIds('admin', 'account')).find((id) => !aliceIds.has(id));
    expect(hidden).toBeDefined();
    await bed.store.share('account', hidden!, bed.userId('alice'));
    bed.clock.advance(1000);
    const shared = await alice.engine.sync();
    expect(shared.error).toBeUndefined();
    expect(await alice.engine.records.get('account', hidden!)).toBeDefined();
    await bed.store.unshare('account', hidden!, bed.userId('alice'));
    bed.clock.advance(1000);
    const unshared = await alice.engine.sync();
    expect(unshared.error).toBeUndefined();
    expect(await alice.engine.records.get('account', hidden!)).toBeUndefined();
  });

  async function alice_device(customization?: Record<string, unknown>) {
    const device = await bed.device('alice', customization ? { customization } : {});
    const first = await device.engine.sync();
    expect(first.error).toBeUndefined();
    return device;
  }

  it('cleans up an account deactivated on the server, outside the filter, and its notes', async () => {
    const activeOnly = { filter: { entity: 'account', where: { kind: 'condition', field: 'statecode', operator: 'eq', value: 0 } } };
    const device = await alice_device(demoCustomization(bed, { account: activeOnly }));
    const notes = await device.engine.records.list('annotation', { limit: 100_000 });
    const noted = notes.find((note) => (note.fields.objectid as { entity?: string } | null)?.entity === 'account');
    const accountId = noted ? (noted.fields.objectid as { id: string }).id : (await device.engine.records.list('account', { limit: 1 }))[0].id;
    await bed.store.updateAsSystem('account', accountId, { statecode: 1, statuscode: 2 });
    bed.clock.advance(1000);
    const result = await device.engine.sync();
    expect(result.error).toBeUndefined();
    expect(await device.engine.records.get('account', accountId)).toBeUndefined();
    if (noted) {
      expect(await device.engine.records.get('annotation', noted.id)).toBeUndefined();
      expect(result.log.some((line) => line.startsWith('<Cleanup Entity="annotation"'))).toBe(true);
    }
    expect(result.deleted).toBeGreaterThanOrEqual(1);
  });

  it('drops records that a time-dependent filter no longer selects as time passes', async () => {
    const due = { filter: { entity: 'task', where: { kind: 'condition', field: 'scheduledend', operator: 'next-x-days', value: 3650 } } };
    const device = await alice_device(demoCustomization(bed, { task: due }));
    const tasks = await device.engine.records.list('task', { limit: 100_000 });
    expect(tasks.length).toBeGreaterThan(1);
    const dues = tasks.map((task) => Date.parse(task.fields.scheduledend as string)).sort((a, b) => a - b);
    // Move the clock just past the earliest due date: that task leaves the filter without any edit.
    bed.clock.advance(dues[0] - bed.clock.now() + 86_400_000);
    const result = await device.engine.sync();
    expect(result.error).toBeUndefined();
    const left = await device.engine.records.list('task', { limit: 100_000 });
    expect(left.length).toBeLessThan(tasks.length);
    expect(left.every((task) => Date.parse(task.fields.scheduledend as string) >= bed.clock.now() - 86_400_000)).toBe(true);
    expect(result.log.some((line) => line.startsWith('<Cleanup Entity="task" Reason="filter"'))).toBe(true);
  });

  it('warns when MaxSyncCount cuts a download', async () => {
    const device = await bed.device('alice', { customization: demoCustomization(bed, {}, { MaxSyncCount: 5 }) });
    const result = await device.engine.sync();
    expect(result.result).toBe('warnings');
    const warning = result.warnings.find((candidate) => candidate.code === 'MAX_SYNC_COUNT' && candidate.entity === 'account');
    expect(warning?.message).toMatch(/^Account entity has more records than allowed/);
    expect((await device.engine.records.list('account', { limit: 100 })).length).toBe(5);
  });

  it('keeps a local edit made while a large download runs', async () => {
    const device = await alice_device(demoCustomization(bed, { contact: { pageSize: 10 } }));
    const [account] = await ownedRecords(device, 'account');
    const sync = device.engine.sync({ full: true });
    let edits = 0;
    while (device.engine.syncing) {
      edits += 1;
      await device.engine.records.update('account', account.id, { telephone1: `555-${String(edits).padStart(4, '0')}` });
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const result = await sync;
    expect(result.error).toBeUndefined();
    expect(edits).toBeGreaterThan(1);
    const last = `555-${String(edits).padStart(4, '0')}`;
    expect((await device.engine.records.get('account', account.id))?.fields.telephone1).toBe(last);
    await device.engine.sync();
    expect((await bed.store.getAsSystem('account', account.id))?.fields.telephone1).toBe(last);
  });
});

describe('the sync analyzer', () => {
  let bed: DeviceTestBed;

  beforeEach(async () => {
    bed = await createDeviceTestBed(200);
  });

  afterEach(async () => {
    await bed.close();
  });

  const decisionOf = (result: { decisions: readonly { entity: string; mode: string; reason: string }[] }, entity: string) =>
    result.decisions.find((decision) => decision.entity === entity);

  it('decides first-sync, skip, incremental, forced and full-when-changes-exceed-records', async () => {
    const narrow = { filter: { entity: 'account', where: { kind: 'condition', field: 'name', operator: 'begins-with', value: 'zzz-none' } } };
    const device = await bed.device('alice', { customization: demoCustomization(bed, { account: narrow }) });
    expect(decisionOf(await device.engine.sync(), 'account')).toMatchObject({ mode: 'full', reason: 'first-sync' });
    expect(decisionOf(await device.engine.sync(), 'account')).toMatchObject({ mode: 'skip', reason: 'no-changes' });
    const contacts = await device.engine.records.list('contact', { limit: 2 });
    await bed.store.updateAsSystem('contact', contacts[0].id, { jobtitle: 'Changed' });
    bed.clock.advance(1000);
    const incremental = await device.engine.sync();
    expect(decisionOf(incremental, 'contact')).toMatchObject({ mode: 'incremental', reason: 'changes-fewer', changed: 1 });
    const matching = incremental.decisions.find((decision) => decision.entity === 'contact')?.matching;
    expect(incremental.log).toContain(`contact Inc:1 Full:${matching} -> IncSync (changes-fewer)`);
    // Two accounts change, none matches the filter: more changes than records, so a full read is cheaper.
    const accounts = await bed.store.count(await bed.store.principalOf(bed.userId('alice')), { entity: 'account' });
    expect(accounts.matching).toBeGreaterThan(2);
    const page = await bed.store.readFull(await bed.store.principalOf(bed.userId('alice')), { entity: 'account', limit: 2 });
    for (const record of page.records) await bed.store.updateAsSystem('account', record.id, { telephone1: '555-0000' });
    bed.clock.advance(1000);
    expect(decisionOf(await device.engine.sync(), 'account')).toMatchObject({ mode: 'full', reason: 'changes-exceed-records', matching: 0 });
    expect(decisionOf(await device.engine.sync({ full: ['contact'] }), 'contact')).toMatchObject({ mode: 'full', reason: 'forced' });
  });

  it('reads incrementally without counting when DisableSyncAnalyzer is on', async () => {
    const device = await bed.device('alice', { customization: demoCustomization(bed, {}, { DisableSyncAnalyzer: true }) });
    await device.engine.sync();
    const result = await device.engine.sync();
    expect(result.decisions.every((decision) => decision.mode === 'incremental' && decision.reason === 'analyzer-disabled')).toBe(true);
    expect(result.steps.find((step) => step.step === 'analyze')?.serverCalls).toBe(0);
  });

  it('downloads in full again when the anchor is older than the server keeps deletes', async () => {
    const device = await bed.device('alice');
    await device.engine.sync();
    const [contact] = await device.engine.records.list('contact', { limit: 1 });
    await bed.store.deleteAsSystem('contact', contact.id);
    bed.clock.advance(1000);
    await bed.store.purgeHistory({ olderThanMs: 0 });
    const result = await device.engine.sync();
    expect(result.error).toBeUndefined();
    expect(decisionOf(result, 'contact')).toMatchObject({ mode: 'full', reason: 'anchor-expired' });
    expect(await device.engine.records.get('contact', contact.id)).toBeUndefined();
  });

  it('downloads a partly downloaded entity again in full after an interruption', async () => {
    const device = await bed.device('alice', { customization: demoCustomization(bed, { contact: { pageSize: 5 } }) });
    await device.engine.sync();
    // The backend drops the connection on the third page of the contacts.
    let contactPages = 0;
    const readPage = device.connector.readPage.bind(device.connector);
    (device.connector as { readPage: typeof readPage }).readPage = async (request) => {
      if (request.entity === 'contact' && ++contactPages === 3) throw new TransientError('connection reset (injected)');
      return readPage(request);
    };
    const interrupted = await device.engine.sync({ full: ['contact'] });
    expect(interrupted.error?.code).toBe('TRANSIENT');
    expect(interrupted.result).toBe('failed');
    // A contact the interrupted download wrote (its first pages) is deleted on the server meanwhile:
    // the next full download does not return it, so it must sweep it although the interrupted attempt
    // had already stamped it.
    const firstPages = (await visibleIdsOf(bed, 'alice', 'contact')).slice(0, 10);
    await bed.store.deleteAsSystem('contact', firstPages[3]);
    const next = await device.engine.sync();
    expect(next.error).toBeUndefined();
    expect(decisionOf(next, 'contact')).toMatchObject({ mode: 'full', reason: 'partial' });
    expect(await device.engine.records.get('contact', firstPages[3])).toBeUndefined();
    const deviceIds = (await device.engine.records.list('contact', { limit: 100_000 })).map((record) => record.id).sort();
    expect(deviceIds).toEqual(await visibleIdsOf(bed, 'alice', 'contact'));
  });

  it('downloads an entity in full when the customization adds fields to it', async () => {
    const device = await bed.device('alice', { customization: demoCustomization(bed, { account: { fields: ['name'] } }) });
    await device.engine.sync();
    await device.close();
    const widened = await bed.device('alice', { file: device.file, customization: demoCustomization(bed, { account: { fields: ['name', 'telephone1'] } }) });
    const result = await widened.engine.sync();
    expect(result.error).toBeUndefined();
    expect(decisionOf(result, 'account')).toMatchObject({ mode: 'full', reason: 'schema-changed' });
    expect(decisionOf(result, 'contact')?.mode).toBe('skip');
  });
});
