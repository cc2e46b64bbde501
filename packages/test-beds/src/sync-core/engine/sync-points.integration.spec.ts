import type { SyncPoint } from '@fieldsync/sync-core';
import { createDeviceTestBed, demoCustomization, ownedRecords, type DeviceTestBed } from '../device-test-bed';

describe("sync points (the crash tests' kill points)", () => {
  let bed: DeviceTestBed;

  beforeEach(async () => {
    bed = await createDeviceTestBed(100);
  });

  afterEach(async () => {
    await bed.close();
  });

  it('tells the hook of every step, upload batch and download slice, in the order they happen', async () => {
    const points: SyncPoint[] = [];
    const device = await bed.device('alice', {
      customization: demoCustomization(bed, {}, { MaxExecuteMultiple: 2 }),
      testHooks: { onSyncPoint: (point) => void points.push(point) },
    });
    expect((await device.engine.sync()).error).toBeUndefined();
    const [account] = await ownedRecords(device, 'account');
    for (let index = 0; index < 3; index += 1) await device.engine.records.create('task', { subject: `Point ${index}` });
    await device.engine.records.update('account', account.id, { telephone1: '555-0177' });
    points.length = 0;
    bed.clock.advance(1000);
    expect((await device.engine.sync()).error).toBeUndefined();

    const names = points.map((point) => (point.name === 'step' ? `step:${point.step}` : point.name));
    // Four changes in batches of two: two batches, each marked, answered and applied in that order; the
    // second is marked while the server writes the first and sent while the first's answers are applied.
    expect(names.filter((name) => name.startsWith('upload-'))).toEqual([
      'upload-marked',
      'upload-marked-ahead',
      'upload-answered',
      'upload-marked',
      'upload-applying',
      'upload-answered',
      'upload-applying',
    ]);
    expect(names.indexOf('step:upload')).toBeLessThan(names.indexOf('upload-marked'));
    expect(names.indexOf('step:download')).toBeLessThan(names.indexOf('download-writing'));
    expect(names.indexOf('step:cleanup')).toBeGreaterThan(names.lastIndexOf('download-ending'));
    // Every entity downloaded ends once, after its slices were written and committed.
    const ended = points.filter((point) => point.name === 'download-ending').map((point) => point.entity);
    expect(new Set(ended).size).toBe(ended.length);
    for (const entity of ended) {
      const mine = points.filter((point) => point.entity === entity).map((point) => point.name);
      expect(mine.slice(-3)).toEqual(['download-writing', 'download-written', 'download-ending']);
    }
  });
});
