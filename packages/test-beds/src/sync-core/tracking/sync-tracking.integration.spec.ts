import { TransientError } from '@fieldsync/connector-api';
import { createDeviceTestBed, type DeviceTestBed } from '../device-test-bed';
import { createInMemoryDeviceChannel, type InMemoryDeviceChannel } from '@fieldsync/sync-core/testing';

describe('sync tracking through the device channel', () => {
  let bed: DeviceTestBed;
  let channel: InMemoryDeviceChannel;

  beforeEach(async () => {
    bed = await createDeviceTestBed(120);
    channel = createInMemoryDeviceChannel({ schema: () => bed.store.schema(), clock: bed.clock });
    channel.publish({ entities: [{ entity: 'account' }, { entity: 'contact' }], settings: {} });
  });

  afterEach(async () => {
    await bed.close();
  });

  it('reports every sync with its figures and uploads its log lines', async () => {
    const device = await bed.device('alice', { channel });
    const first = await device.engine.sync();
    expect(first.error).toBeUndefined();
    bed.clock.advance(60_000);
    await device.engine.records.create('account', { name: 'Tracked' });
    const second = await device.engine.sync();
    expect(channel.reports).toEqual([
      {
        syncId: first.syncId,
        startedAt: first.startedAt,
        endedAt: expect.any(String),
        durationMs: first.durationMs,
        type: 'full',
        success: true,
        cancelled: false,
        uploads: 0,
        uploadErrors: 0,
        retries: 0,
        downloaded: first.downloaded,
        refreshMode: 'blocking',
      },
      expect.objectContaining({ syncId: second.syncId, type: 'incremental', success: true, uploads: 1, downloaded: second.downloaded }),
    ]);
    expect(first.downloaded).toBeGreaterThan(0);
    expect(channel.logs.map((log) => log.syncId)).toEqual([first.syncId, second.syncId]);
    expect(channel.logs[0].text).toBe(first.log.join('\n'));
    expect(channel.logs[0].text).toMatch(/^<DeviceControl State="active" Commands="0" \/>/);
    expect(channel.logs[0].text).toMatch(/account .*-> FullSync \(first-sync\)/);
    // The device's own sync log names the same sync.
    const [stored] = await device.engine.syncLog(1);
    expect(stored.summary?.syncId).toBe(second.syncId);
  });

  it('reports a failed sync as such, with its error', async () => {
    const device = await bed.device('alice', { channel });
    await device.engine.sync();
    bed.clock.advance(60_000);
    channel.unpublish();
    const failed = await device.engine.sync();
    expect(failed.result).toBe('failed');
    expect(channel.reports[1]).toMatchObject({ syncId: failed.syncId, success: false, error: expect.stringMatching(/^NO_CUSTOMIZATION: /) });
  });

  it('stops a cancelled sync after the page being written, keeps it, reports it cancelled, and the next sync completes', async () => {
    channel.publish({
      entities: [
        { entity: 'account', pageSize: 5 },
        { entity: 'contact', pageSize: 5 },
      ],
      settings: {},
    });
    const controller = new AbortController();
    const device = await bed.device('alice', {
      channel,
      onProgress: (progress) => {
        if (progress.step === 'download' && progress.entity !== undefined && progress.done >= 10) controller.abort();
      },
    });
    const cancelled = await device.engine.sync({ signal: controller.signal });
    expect(cancelled).toMatchObject({ result: 'failed', cancelled: true, error: { code: 'SYNC_CANCELLED' } });
    expect(cancelled.log.at(-1)).toBe('<SyncCancelled />');
    expect(channel.reports).toEqual([
      expect.objectContaining({ syncId: cancelled.syncId, success: false, cancelled: true, error: expect.stringMatching(/^SYNC_CANCELLED: /) }),
    ]);
    const kept =
      (await device.engine.records.list('account', { limit: 100_000 })).length + (await device.engine.records.list('contact', { limit: 100_000 })).length;
    const visible = async (entity: string) => (await bed.store.count(await bed.store.principalOf(bed.userId('alice')), { entity })).matching;
    // The pages written before the cancel took effect stay (entities download side by side); the rest was never read.
    expect(kept).toBeGreaterThanOrEqual(10);
    expect(kept).toBeLessThan((await visible('account')) + (await visible('contact')));

    bed.clock.advance(60_000);
    const next = await device.engine.sync();
    expect(next.error).toBeUndefined();
    expect(next.cancelled).toBeUndefined();
    for (const entity of ['account', 'contact']) expect((await device.engine.records.list(entity, { limit: 100_000 })).length).toBe(await visible(entity));
    expect(channel.reports[1]).toMatchObject({ syncId: next.syncId, success: true, cancelled: false });
  });

  it('stops a sync cancelled before it begins without touching anything, and keeps local changes queued', async () => {
    const device = await bed.device('alice', { channel });
    await device.engine.sync();
    bed.clock.advance(60_000);
    await device.engine.records.create('account', { name: 'Made offline, sent later' });
    const controller = new AbortController();
    controller.abort();
    const cancelled = await device.engine.sync({ signal: controller.signal });
    expect(cancelled).toMatchObject({ result: 'failed', cancelled: true, uploaded: 0 });
    expect((await device.engine.status()).pendingChanges).toBe(1);
    const next = await device.engine.sync();
    expect(next).toMatchObject({ uploaded: 1 });
    expect((await device.engine.status()).pendingChanges).toBe(0);
  });

  it('does not fail a sync whose report or log cannot be sent: each is a warning', async () => {
    const device = await bed.device('alice', { channel });
    channel.failNext('reportSync', new TransientError('reportSync: 503 (injected)'));
    channel.failNext('uploadSyncLog', new TransientError('uploadSyncLog: connection reset (injected)'));
    const result = await device.engine.sync();
    expect(result.result).toBe('warnings');
    expect(result.error).toBeUndefined();
    expect(result.warnings.map((warning) => warning.code)).toEqual(['SYNC_REPORT_FAILED', 'SYNC_LOG_UPLOAD_FAILED']);
    expect(result.warnings[0].message).toContain('503 (injected)');
    expect(result.downloaded).toBeGreaterThan(0);
    expect(channel.reports).toEqual([]);
    expect((await device.engine.status()).initialized).toBe(true);
  });

  it('reports nothing without a channel', async () => {
    const device = await bed.device('alice');
    const result = await device.engine.sync();
    expect(result.error).toBeUndefined();
    expect(result.steps.map((step) => step.step)).toEqual(['prepare', 'upload', 'analyze', 'download', 'cleanup']);
    expect(channel.reports).toEqual([]);
  });
});
