import { openLocalDatabase, SyncInProgressError, type SyncPhaseName } from '@fieldsync/sync-core';
import { createDeviceTestBed, type DeviceTestBed } from '../device-test-bed';

describe('SyncRun: a sync as named phases', () => {
  let bed: DeviceTestBed;

  beforeEach(async () => {
    bed = await createDeviceTestBed(60);
  });

  afterEach(async () => {
    await bed.close();
  });

  it("runs a sync one phase at a time, in the seed's order, and gives the result a whole sync gives", async () => {
    const device = await bed.device('alice');
    const run = await device.engine.startSync();
    expect(run.next).toBe('control');
    const phases: SyncPhaseName[] = [];
    for await (const phase of run) phases.push(phase);
    expect(phases).toEqual([
      'control',
      'customization-offer',
      'prepare',
      'upload',
      're-check',
      'forced-full-sync',
      'customization-update',
      'analyze',
      'download',
      'apply',
      'cleanup',
      'attachments',
      'documents',
      'report',
    ]);
    expect(run.done).toBe(true);
    expect(run.next).toBeUndefined();
    expect(run.result?.error).toBeUndefined();
    expect(run.result?.downloaded).toBeGreaterThan(0);
    expect(run.result?.steps.map((step) => step.step)).toEqual(['prepare', 'upload', 'analyze', 'download', 'cleanup']);
    expect((await device.engine.syncLog(1))[0]?.summary?.syncId).toBe(run.syncId);
    expect(device.engine.syncing).toBe(false);
  });

  it('holds the engine between phases: the app writes meanwhile, a second sync is refused, and the write goes up with the run', async () => {
    const device = await bed.device('alice');
    expect((await device.engine.sync()).error).toBeUndefined();
    const run = await device.engine.startSync();
    while (run.next !== 'upload') await run.step();
    const id = await device.engine.records.create('task', { subject: 'Written while the sync paused' });
    await expect(device.engine.sync()).rejects.toBeInstanceOf(SyncInProgressError);
    expect(device.engine.syncing).toBe(true);
    const result = await run.run();
    expect(result.error).toBeUndefined();
    expect(result.uploaded).toBe(1);
    expect((await device.engine.status()).pendingChanges).toBe(0);
    expect(await device.engine.records.get('task', id)).toMatchObject({ id });
    expect(device.engine.syncing).toBe(false);
  });

  it('goes from the phase that was cancelled straight to the report', async () => {
    const device = await bed.device('alice');
    const controller = new AbortController();
    controller.abort();
    const run = await device.engine.startSync({ signal: controller.signal });
    const phases: SyncPhaseName[] = [];
    for await (const phase of run) phases.push(phase);
    // Without a channel the first two phases have nothing to do; prepare begins a step and sees the cancel.
    expect(phases).toEqual(['control', 'customization-offer', 'prepare', 'report']);
    expect(run.result).toMatchObject({ result: 'failed', cancelled: true, error: { code: 'SYNC_CANCELLED' } });
    expect(run.result?.log).toContain('<SyncCancelled />');
    expect(device.engine.syncing).toBe(false);
  });
});

describe('LocalDatabase: the device database without a connection', () => {
  let bed: DeviceTestBed;

  beforeEach(async () => {
    bed = await createDeviceTestBed(60);
  });

  afterEach(async () => {
    await bed.close();
  });

  it('reads and writes records, lists errors, status and the sync log offline, with no connector; a connected engine uploads the write', async () => {
    const device = await bed.device('alice');
    expect((await device.engine.sync()).error).toBeUndefined();
    const local = await openLocalDatabase({ db: device.db, clock: bed.clock });
    const accounts = await local.records.list('account', { limit: 5 });
    expect(accounts.length).toBeGreaterThan(0);
    const id = await local.records.create('task', { subject: 'Written offline' });
    expect(await local.errors()).toEqual([]);
    expect(await local.status()).toMatchObject({ initialized: true, pendingChanges: 1 });
    expect((await local.syncLog()).map((entry) => entry.result)).toEqual(['ok']);
    const engine = local.connect({ connector: device.connector });
    expect(engine.local).toBe(local);
    const result = await engine.sync();
    expect(result.error).toBeUndefined();
    expect(result.uploaded).toBe(1);
    expect(await local.status()).toMatchObject({ pendingChanges: 0 });
    expect(await bed.store.getAsSystem('task', id)).toMatchObject({ fields: { subject: 'Written offline' } });
  });

  it('refuses connection options that do not fit, before anything changes', async () => {
    const device = await bed.device('alice');
    const local = await openLocalDatabase({ db: device.db, clock: bed.clock });
    expect(() => local.connect({ connector: device.connector, appVersion: 'seven' })).toThrow(expect.objectContaining({ code: 'INVALID_ENGINE_OPTIONS' }));
    expect(() => local.connect({ connector: device.connector, changeLogPageSize: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_ENGINE_OPTIONS' }));
  });
});
