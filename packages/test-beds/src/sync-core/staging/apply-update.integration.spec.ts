import { FieldsyncError } from '@fieldsync/model';
import { SYSTEM_TABLES, type SyncEngineStatus } from '@fieldsync/sync-core';
import { createInMemoryDeviceChannel } from '@fieldsync/sync-core/testing';
import { createDeviceTestBed, demoCustomization, ownedRecords, type DeviceTestBed, type TestDevice } from '../device-test-bed';

const DAY = 24 * 60 * 60 * 1000;

describe('Apply Update (deferred apply of a staged sync)', () => {
  let bed: DeviceTestBed;

  beforeEach(async () => {
    bed = await createDeviceTestBed(300);
  });

  afterEach(async () => {
    await bed.close();
  });

  async function syncedDevice(options: Parameters<DeviceTestBed['device']>[1] = {}): Promise<TestDevice> {
    const device = await bed.device('alice', { customization: demoCustomization(bed, { contact: { pageSize: 7 } }), ...options });
    const first = await device.engine.sync();
    expect(first.error).toBeUndefined();
    bed.clock.advance(60_000);
    return device;
  }

  async function queuedChanges(device: TestDevice, id: string): Promise<number> {
    const rows = await device.db.selectFrom(SYSTEM_TABLES.change).select('seq').where('record_id', '=', id).execute();
    return rows.length;
  }

  it('a staged sync leaves the live tables unchanged and ends in updates available, with the time received and the counts', async () => {
    const device = await syncedDevice();
    const before = await device.engine.records.list('contact', { limit: 1000 });
    for (const contact of before.slice(0, 5)) await bed.store.updateAsSystem('contact', contact.id, { jobtitle: 'Staged title' });
    bed.clock.advance(1_000);
    const result = await device.engine.sync({ staged: true });
    expect(result.error).toBeUndefined();
    expect(result.updatesAvailable).toEqual({
      receivedAt: new Date(bed.clock.now()).toISOString(),
      counts: { entities: expect.any(Number), changed: 5, removed: 0 },
    });
    expect(await device.engine.records.list('contact', { limit: 1000 })).toEqual(before);
    const status = await device.engine.status();
    expect(status.state).toEqual({ kind: 'updates-available', age: 'fresh', receivedAt: result.updatesAvailable?.receivedAt });
    expect(status.updates?.counts.changed).toBe(5);
    // The live anchors did not move: a later apply brings the changes, not a second read.
    const applied = await device.engine.applyUpdate();
    expect(applied.counts.changed).toBe(5);
    const after = await device.engine.records.list('contact', { limit: 1000 });
    expect(after.filter((contact) => contact.fields.jobtitle === 'Staged title')).toHaveLength(5);
    expect((await device.engine.status()).state).toEqual({ kind: 'up-to-date' });
    const next = await device.engine.sync();
    expect(next.decisions.find((decision) => decision.entity === 'contact')?.mode).toBe('skip');
  });

  it('apply keeps a local edit made after staging: the staged row takes the edited field from the device, the edit stays queued and then goes up', async () => {
    const device = await syncedDevice();
    const [mine] = await ownedRecords(device, 'contact');
    await bed.store.updateAsSystem('contact', mine.id, { telephone1: '+1 555 0100' });
    bed.clock.advance(1_000);
    expect((await device.engine.sync({ staged: true })).updatesAvailable?.counts.changed).toBe(1);
    await device.engine.records.update('contact', mine.id, { jobtitle: 'Edited while updates waited' });
    const applied = await device.engine.applyUpdate();
    expect(applied.rebased).toMatchObject({ merged: 1 });
    const merged = await device.engine.records.get('contact', mine.id);
    expect(merged?.fields).toMatchObject({ jobtitle: 'Edited while updates waited', telephone1: '+1 555 0100' });
    expect(await queuedChanges(device, mine.id)).toBe(1);
    const upload = await device.engine.sync();
    expect(upload.error).toBeUndefined();
    expect((await bed.store.getAsSystem('contact', mine.id))?.fields).toMatchObject({ jobtitle: 'Edited while updates waited', telephone1: '+1 555 0100' });
    expect(await queuedChanges(device, mine.id)).toBe(0);
  });

  it('apply keeps a local edit made during the staged download (the stage was written before the edit)', async () => {
    let edit: (() => Promise<void>) | undefined;
    const device = await syncedDevice({
      testHooks: {
        onSyncPoint: async (point) => {
          if (point.name === 'download-written' && point.entity === 'contact' && edit) {
            const once = edit;
            edit = undefined;
            await once();
          }
        },
      },
    });
    const [mine] = await ownedRecords(device, 'contact');
    await bed.store.updateAsSystem('contact', mine.id, { telephone1: '+1 555 0101' });
    bed.clock.advance(1_000);
    edit = () => device.engine.records.update('contact', mine.id, { jobtitle: 'Edited during staging' });
    expect((await device.engine.sync({ staged: true, full: true })).error).toBeUndefined();
    expect(edit).toBeUndefined();
    await device.engine.applyUpdate();
    expect((await device.engine.records.get('contact', mine.id))?.fields).toMatchObject({ jobtitle: 'Edited during staging', telephone1: '+1 555 0101' });
    expect(await queuedChanges(device, mine.id)).toBe(1);
  });

  it('a record deleted on the device stays deleted after apply, though the staged download changed it', async () => {
    const device = await syncedDevice();
    const [mine] = await ownedRecords(device, 'contact');
    await bed.store.updateAsSystem('contact', mine.id, { jobtitle: 'Changed on the server' });
    bed.clock.advance(1_000);
    expect((await device.engine.sync({ staged: true })).updatesAvailable?.counts.changed).toBe(1);
    await device.engine.records.delete('contact', mine.id);
    const applied = await device.engine.applyUpdate();
    expect(applied.rebased.keptDeleted).toBe(1);
    expect(await device.engine.records.get('contact', mine.id)).toBeUndefined();
    expect(await queuedChanges(device, mine.id)).toBe(1);
  });

  it('a record created on the device while updates wait is kept by the apply', async () => {
    const device = await syncedDevice();
    await bed.store.updateAsSystem('account', (await device.engine.records.list('account', { limit: 1 }))[0].id, { name: 'Server rename' });
    bed.clock.advance(1_000);
    expect((await device.engine.sync({ staged: true })).updatesAvailable).toBeDefined();
    const id = await device.engine.records.create('account', { name: 'Created while updates waited' });
    await device.engine.applyUpdate();
    expect((await device.engine.records.get('account', id))?.fields.name).toBe('Created while updates waited');
  });

  it('an edit uploaded by autosync after staging keeps its live row over the older staged one', async () => {
    const device = await syncedDevice();
    const [mine] = await ownedRecords(device, 'contact');
    await bed.store.updateAsSystem('contact', mine.id, { telephone1: '+1 555 0103' });
    bed.clock.advance(1_000);
    expect((await device.engine.sync({ staged: true })).updatesAvailable).toBeDefined();
    await device.engine.records.update('contact', mine.id, { jobtitle: 'Sent by autosync' });
    const autosync = await device.engine.sync({ uploadOnly: true, background: true });
    expect(autosync.error).toBeUndefined();
    expect(autosync).toMatchObject({ result: 'ok', uploaded: 1 });
    // The upload-only sync kept the staged update waiting.
    expect((await device.engine.status()).updates).toBeDefined();
    await device.engine.applyUpdate();
    expect((await device.engine.records.get('contact', mine.id))?.fields).toMatchObject({ jobtitle: 'Sent by autosync', telephone1: '+1 555 0103' });
    expect((await bed.store.getAsSystem('contact', mine.id))?.fields.jobtitle).toBe('Sent by autosync');
  });

  it('apply does not wait for an upload that is running', async () => {
    let release: () => void = () => undefined;
    let reached: () => void = () => undefined;
    const uploadReached = new Promise<void>((resolve) => (reached = resolve));
    const held = new Promise<void>((resolve) => (release = resolve));
    let hold = false;
    const device = await syncedDevice({
      testHooks: {
        onSyncPoint: async (point) => {
          if (hold && point.name === 'step' && point.step === 'upload') {
            reached();
            await held;
          }
        },
      },
    });
    const [mine] = await ownedRecords(device, 'contact');
    await bed.store.updateAsSystem('contact', mine.id, { telephone1: '+1 555 0102' });
    bed.clock.advance(1_000);
    expect((await device.engine.sync({ staged: true })).updatesAvailable).toBeDefined();
    await device.engine.records.update('contact', mine.id, { jobtitle: 'Waiting to go up' });
    hold = true;
    const upload = device.engine.sync({ uploadOnly: true });
    await uploadReached;
    expect(device.engine.syncing).toBe(true);
    const applied = await device.engine.applyUpdate();
    expect(device.engine.syncing).toBe(true);
    expect(applied.rebased.merged).toBe(1);
    expect((await device.engine.records.get('contact', mine.id))?.fields).toMatchObject({ jobtitle: 'Waiting to go up', telephone1: '+1 555 0102' });
    release();
    expect(await upload).toMatchObject({ result: 'ok', uploaded: 1 });
    expect((await bed.store.getAsSystem('contact', mine.id))?.fields).toMatchObject({ jobtitle: 'Waiting to go up', telephone1: '+1 555 0102' });
  });

  it('a later downloading sync supersedes the waiting update and receives what it held', async () => {
    const device = await syncedDevice();
    const [contact] = await device.engine.records.list('contact', { limit: 1 });
    await bed.store.updateAsSystem('contact', contact.id, { jobtitle: 'First change' });
    bed.clock.advance(1_000);
    expect((await device.engine.sync({ staged: true })).updatesAvailable).toBeDefined();
    const foreground = await device.engine.sync();
    expect(foreground.log).toContain('<StagedUpdateDiscarded Reason="superseded" />');
    expect((await device.engine.records.get('contact', contact.id))?.fields.jobtitle).toBe('First change');
    expect((await device.engine.status()).updates).toBeUndefined();
    await expect(device.engine.applyUpdate()).rejects.toMatchObject({ code: 'NO_STAGED_UPDATE' });
  });

  it('a staged sync that changed nothing is applied at once and stays up to date', async () => {
    const device = await syncedDevice();
    const result = await device.engine.sync({ staged: true });
    expect(result.updatesAvailable).toBeUndefined();
    expect((await device.engine.status()).state).toEqual({ kind: 'up-to-date' });
  });

  it('refuses applyUpdate with NO_STAGED_UPDATE when no update waits', async () => {
    const device = await syncedDevice();
    const error = await device.engine.applyUpdate().catch((caught: unknown) => caught);
    expect(FieldsyncError.is(error, 'NO_STAGED_UPDATE')).toBe(true);
  });

  it('updates-available age: fresh under a day, aging from one to two days, stale after two days (the clock)', async () => {
    const device = await syncedDevice();
    const [contact] = await device.engine.records.list('contact', { limit: 1 });
    await bed.store.updateAsSystem('contact', contact.id, { jobtitle: 'Aging' });
    await device.engine.sync({ staged: true });
    const ages: string[] = [];
    for (const step of [DAY - 1, 1, DAY, 1]) {
      bed.clock.advance(step);
      const { state } = await device.engine.status();
      ages.push(state.kind === 'updates-available' ? state.age : state.kind);
    }
    expect(ages).toEqual(['fresh', 'aging', 'aging', 'stale']);
  });

  it('status moves syncing → updates-available → up-to-date, with "current as of", and emits each change', async () => {
    const device = await syncedDevice();
    const firstCurrentAsOf = (await device.engine.status()).currentAsOf;
    expect(firstCurrentAsOf).toBeDefined();
    const [contact] = await device.engine.records.list('contact', { limit: 1 });
    await bed.store.updateAsSystem('contact', contact.id, { jobtitle: 'Evented' });
    const seen: SyncEngineStatus[] = [];
    const off = device.engine.on('status', (status) => seen.push(status));
    const result = await device.engine.sync({ staged: true });
    await device.engine.status();
    // The staged sync's data is not live: "current as of" stays.
    expect((await device.engine.status()).currentAsOf).toBe(firstCurrentAsOf);
    await device.engine.applyUpdate();
    await settle(() => seen[seen.length - 1]?.state.kind === 'up-to-date');
    off();
    const kinds = seen.map((status) => status.state.kind).filter((kind, index, all) => index === 0 || all[index - 1] !== kind);
    expect(kinds).toEqual(['syncing', 'updates-available', 'syncing', 'up-to-date']);
    expect(seen.find((status) => status.state.kind === 'syncing' && status.state.step === 'download')).toBeDefined();
    expect(seen[seen.length - 1].currentAsOf).toBe(result.startedAt);
  });

  it('status shows sync-errors(n) while a conflict waits for the user, over updates available, and up-to-date once resolved and applied', async () => {
    const device = await bed.device('alice', { customization: demoCustomization(bed, { contact: { conflictPolicy: 'Manual' } }) });
    await device.engine.sync();
    bed.clock.advance(60_000);
    const [mine] = await ownedRecords(device, 'contact');
    await device.engine.records.update('contact', mine.id, { jobtitle: 'Device title' });
    await bed.store.updateAsSystem('contact', mine.id, { jobtitle: 'Server title' });
    const [other] = (await device.engine.records.list('contact', { limit: 5 })).filter((contact) => contact.id !== mine.id);
    await bed.store.updateAsSystem('contact', other.id, { telephone1: '+1 555 0199' });
    bed.clock.advance(1_000);
    const staged = await device.engine.sync({ staged: true });
    expect((await device.engine.errors()).map((entry) => entry.recordId)).toEqual([mine.id]);
    expect(staged.updatesAvailable).toBeDefined();
    expect((await device.engine.status()).state).toEqual({ kind: 'sync-errors', count: 1 });
    const [error] = await device.engine.errors();
    await device.engine.resolveError(error.id, 'server');
    expect((await device.engine.status()).state).toMatchObject({ kind: 'updates-available', age: 'fresh' });
    await device.engine.applyUpdate();
    expect((await device.engine.status()).state).toEqual({ kind: 'up-to-date' });
    expect((await device.engine.records.get('contact', other.id))?.fields.telephone1).toBe('+1 555 0199');
  });

  it('sends the "updates applied" stamp to the bridge sync tracking through the device channel', async () => {
    const channel = createInMemoryDeviceChannel({ schema: () => bed.store.schema(), clock: bed.clock });
    channel.publish({ entities: [{ entity: 'account' }, { entity: 'contact' }], settings: {} });
    const device = await bed.device('alice', { channel });
    await device.engine.sync();
    bed.clock.advance(60_000);
    const [contact] = await device.engine.records.list('contact', { limit: 1 });
    await bed.store.updateAsSystem('contact', contact.id, { jobtitle: 'Stamped' });
    const staged = await device.engine.sync({ staged: true, background: true });
    expect(staged.updatesAvailable).toBeDefined();
    bed.clock.advance(5_000);
    const applied = await device.engine.applyUpdate();
    expect(channel.reports[channel.reports.length - 1]).toMatchObject({
      syncId: `${staged.syncId}:apply`,
      type: 'apply-update',
      success: true,
      endedAt: applied.appliedAt,
      downloaded: 1,
    });
  });
});

/** Lets pending status reads finish (they run on the engine's own promises; no wall-clock wait). */
async function settle(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 200 && !done(); turn += 1) await new Promise((resolve) => setImmediate(resolve));
}
