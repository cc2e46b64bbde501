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
    await expect(channel.completeCommand(forced.id, { ok: true })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'id', reason: 'COMMAND_NOT_OPEN' },
    });
    await expect(channel.completeCommand('nope', { ok: true })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'id', reason: 'NOT_FOUND' },
    });
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

  it('ends the sessions of a wiped device but for its order, or at once when asked to', async () => {
    const ending = createInMemoryDeviceChannel({ schema, clock });
    ending.wipe({ endSessions: true });
    await expect(ending.deviceControl()).rejects.toMatchObject({ code: 'DEVICE_REVOKED' });
    expect(ending.sessionsEnded).toBe(true);
    expect(() => ending.lock()).toThrow(/wiped/);

    const lingering = createInMemoryDeviceChannel({ schema, clock });
    const wipe = lingering.wipe();
    expect((await lingering.deviceControl()).state).toBe('wiped');
    await expect(
      lingering.reportSync({
        syncId: 's',
        startedAt: '2026-01-05T09:00:00Z',
        endedAt: '2026-01-05T09:00:01Z',
        durationMs: 0,
        type: 'full',
        success: true,
        cancelled: false,
        uploads: 0,
        uploadErrors: 0,
        retries: 0,
        downloaded: 0,
      }),
    ).rejects.toMatchObject({
      code: 'DEVICE_REVOKED',
    });
    await lingering.completeCommand(wipe.id, { ok: true });
    expect(lingering.completedCommands).toEqual([expect.objectContaining({ id: wipe.id, status: 'done' })]);
  });

  it('refuses every call but registerDevice and customization before the device registered, when built unregistered', async () => {
    const channel = createInMemoryDeviceChannel({ schema, clock, deviceId: 'phone-1', registered: false });
    await expect(channel.deviceControl()).rejects.toMatchObject({ code: 'DEVICE_NOT_REGISTERED' });
    await expect(channel.registerDevice({ deviceId: 'phone-2', name: 'Phone', os: 'Android 15', appVersion: '1.0.0' })).rejects.toMatchObject({
      code: 'DEVICE_NOT_BOUND',
    });
    await channel.registerDevice({ deviceId: 'phone-1', name: 'Phone', os: 'Android 15', appVersion: '1.0.0' });
    expect((await channel.deviceControl()).state).toBe('active');
  });

  it('stores a sync report once per sync id', async () => {
    const channel = createInMemoryDeviceChannel({ schema, clock });
    const report = {
      syncId: 'sync-1',
      startedAt: '2026-01-05T09:00:00.000Z',
      endedAt: '2026-01-05T09:00:00.005Z',
      durationMs: 5,
      type: 'incremental' as const,
      success: true,
      cancelled: false,
      uploads: 1,
      uploadErrors: 0,
      retries: 0,
      downloaded: 2,
    };
    await channel.reportSync(report);
    await channel.reportSync({ ...report, uploads: 9 });
    expect(channel.reports).toEqual([report]);
  });
});
