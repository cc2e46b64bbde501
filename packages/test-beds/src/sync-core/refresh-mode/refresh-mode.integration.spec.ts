import { createInMemoryDeviceChannel, type InMemoryDeviceChannel } from '@fieldsync/sync-core/testing';
import { createDeviceTestBed, type DeviceTestBed } from '../device-test-bed';

const customization = (settings: Record<string, unknown>) => ({ entities: [{ entity: 'account' }, { entity: 'contact' }], settings });

describe('Refresh Mode', () => {
  let bed: DeviceTestBed;
  let channel: InMemoryDeviceChannel;

  beforeEach(async () => {
    bed = await createDeviceTestBed(60);
    channel = createInMemoryDeviceChannel({ schema: () => bed.store.schema(), clock: bed.clock });
  });

  afterEach(async () => {
    await bed.close();
  });

  it('is non-blocking once the org enables it, and every tracking record carries the mode in effect', async () => {
    channel.publish(customization({ EnableNonBlockingSync: true }));
    const device = await bed.device('alice', { channel });
    expect((await device.engine.sync()).error).toBeUndefined();
    expect(await device.engine.refreshMode()).toEqual({ mode: 'non-blocking', orgEnabled: true, signInRequired: false });
    expect(channel.reports[channel.reports.length - 1]).toMatchObject({ refreshMode: 'non-blocking' });
  });

  it('stays blocking while the org does not enable it, whatever the device toggle says', async () => {
    channel.publish(customization({}));
    const device = await bed.device('alice', { channel });
    expect((await device.engine.sync()).error).toBeUndefined();
    expect(channel.reports[channel.reports.length - 1]).toMatchObject({ refreshMode: 'blocking' });
    await device.engine.setRefreshMode('non-blocking');
    await device.engine.noteSignIn();
    expect((await device.engine.refreshMode()).mode).toBe('blocking');
  });

  it('refuses to sync after the toggle until the user signed in again, then records the new mode', async () => {
    channel.publish(customization({ EnableNonBlockingSync: true }));
    const device = await bed.device('alice', { channel });
    expect((await device.engine.sync()).error).toBeUndefined();
    bed.clock.advance(60_000);
    const toggle = await device.engine.setRefreshMode('blocking');
    expect(toggle).toEqual({ mode: 'blocking', toggledAt: new Date(bed.clock.now()).toISOString(), signInRequired: true });
    await expect(device.engine.sync()).rejects.toMatchObject({ code: 'SIGN_IN_REQUIRED' });
    await expect(device.engine.sync({ staged: true })).rejects.toMatchObject({ code: 'SIGN_IN_REQUIRED' });
    // Setting the same mode again is no new toggle.
    expect(await device.engine.setRefreshMode('blocking')).toEqual(toggle);
    await device.engine.noteSignIn();
    expect(await device.engine.refreshMode()).toMatchObject({ mode: 'blocking', orgEnabled: true, signInRequired: false });
    const after = await device.engine.sync();
    expect(after.error).toBeUndefined();
    expect(channel.reports[channel.reports.length - 1]).toMatchObject({ syncId: after.syncId, refreshMode: 'blocking' });
  });
});
