import { ManualClock, type Schema } from '@fieldsync/model';
import { createInMemoryDeviceChannel } from './in-memory-device-channel';

const schema: Schema = {
  entities: [
    {
      name: 'account',
      primaryKey: 'accountid',
      fields: [
        { name: 'accountid', type: 'string' },
        { name: 'name', type: 'string' },
      ],
    },
  ],
};

describe('the in-memory device channel', () => {
  const clock = new ManualClock(Date.parse('2026-01-05T09:00:00Z'));

  it('delivers open commands once, keeps the newest open forced full sync and closes commands once', async () => {
    const channel = createInMemoryDeviceChannel({ schema, clock });
    const lock = channel.lock();
    const forced = channel.forceFullSync({ entities: ['account'] });
    const control = await channel.deviceControl();
    expect(control.state).toBe('locked');
    expect(control.forceFullSync).toEqual({ commandId: forced.id, issuedAt: forced.issuedAt, entities: ['account'], discardLocalChanges: false });
    expect(control.pendingCommands.map((command) => [command.id, command.status])).toEqual([
      [lock.id, 'delivered'],
      [forced.id, 'delivered'],
    ]);
    await channel.completeCommand(forced.id, { ok: true });
    expect((await channel.deviceControl()).forceFullSync).toBeUndefined();
    await expect(channel.completeCommand(forced.id, { ok: true })).rejects.toMatchObject({ code: 'COMMAND_NOT_OPEN' });
    await expect(channel.completeCommand('nope', { ok: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('offers only the parts whose hash differs and refuses a user without a customization', async () => {
    const channel = createInMemoryDeviceChannel({ schema, clock });
    await expect(channel.customization()).rejects.toMatchObject({ code: 'NO_CUSTOMIZATION' });
    const first = channel.publish({ entities: [{ entity: 'account' }] }, { minAppVersion: '2.0.0' });
    const full = await channel.customization();
    expect(full).toMatchObject({ version: first.customization.version, revision: 1, minAppVersion: '2.0.0', settingsReadOnly: false });
    expect(Object.keys(full.parts).sort()).toEqual(['blobStoreFilter', 'entities', 'settings']);
    expect((await channel.customization(first.partHashes)).parts).toEqual({});
    channel.publish({ entities: [{ entity: 'account' }], settings: { MaxSyncCount: 10 } });
    expect(Object.keys((await channel.customization(first.partHashes)).parts)).toEqual(['settings']);
  });

  it('ends the sessions of a wiped device at once, or once it reported the wipe when asked to', async () => {
    const ending = createInMemoryDeviceChannel({ schema, clock });
    ending.wipe();
    await expect(ending.deviceControl()).rejects.toMatchObject({ code: 'DEVICE_REVOKED' });
    expect(() => ending.lock()).toThrow(/wiped/);

    const lingering = createInMemoryDeviceChannel({ schema, clock });
    const wipe = lingering.wipe({ endSessions: false });
    expect((await lingering.deviceControl()).state).toBe('wiped');
    await lingering.completeCommand(wipe.id, { ok: true });
    await expect(lingering.reportSync({ syncId: 's', startedAt: '', endedAt: '', durationMs: 0, type: 'full', success: true, cancelled: false, uploads: 0, uploadErrors: 0, retries: 0, downloaded: 0 })).rejects.toMatchObject({
      code: 'DEVICE_REVOKED',
    });
  });

  it('stores a sync report once per sync id', async () => {
    const channel = createInMemoryDeviceChannel({ schema, clock });
    const report = { syncId: 'sync-1', startedAt: 'a', endedAt: 'b', durationMs: 5, type: 'incremental' as const, success: true, cancelled: false, uploads: 1, uploadErrors: 0, retries: 0, downloaded: 2 };
    await channel.reportSync(report);
    await channel.reportSync({ ...report, uploads: 9 });
    expect(channel.reports).toEqual([report]);
  });
});
