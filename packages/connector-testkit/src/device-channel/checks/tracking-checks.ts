import type { DeviceChannelContext } from '../device-channel-context';
import { syncReportOf } from '../device-channel-samples';
import { expectUserInputError } from '../expect-user-input-error';

/** `reportSync` and `uploadSyncLog`: what is stored, once per sync id, and the refusals that store nothing. */
export function registerTrackingChecks(ctx: DeviceChannelContext): void {
  ctx.check('stores each sync report with every figure, oldest first, and a repeated report once, keeping the first', async () => {
    const { deviceId, channel } = await ctx.registeredDevice();
    const first = syncReportOf('sync-1');
    const second = syncReportOf('sync-2', {
      startedAt: '2026-01-05T10:00:00.000Z',
      endedAt: '2026-01-05T10:00:01.000Z',
      durationMs: 1000,
      type: 'upload-only',
      success: false,
      uploads: 0,
      uploadErrors: 0,
      retries: 0,
      downloaded: 0,
      error: 'DEVICE_LOCKED: the administrator locked this device',
    });
    await channel.reportSync(first);
    // The answer was lost and the device sends it again, with figures it counted since.
    await channel.reportSync({ ...first, uploads: 9, downloaded: 99 });
    await channel.reportSync(second);
    await channel.reportSync(second);
    expect((await ctx.admin().device(deviceId))?.reports).toEqual([first, second]);
  });

  ctx.check('stores an "updates applied" stamp (type apply-update) as a report of its own', async () => {
    const { deviceId, channel } = await ctx.registeredDevice();
    const stamp = syncReportOf('sync-1:apply', { type: 'apply-update', uploads: 0, uploadErrors: 0, retries: 0, downloaded: 12 });
    await channel.reportSync(stamp);
    expect((await ctx.admin().device(deviceId))?.reports).toEqual([stamp]);
  });

  ctx.check(
    'refuses a report with a malformed sync id, a negative figure or a time that is not one, with BAD_USER_INPUT naming the field, storing nothing',
    async () => {
      const { deviceId, channel } = await ctx.registeredDevice();
      await expectUserInputError(channel.reportSync(syncReportOf('sync 1')), 'input.syncId', 'INVALID_VALUE');
      await expectUserInputError(channel.reportSync(syncReportOf('')), 'input.syncId', 'INVALID_VALUE');
      await expectUserInputError(channel.reportSync(syncReportOf('sync-1', { uploads: -1 })), 'input.uploads', 'NEGATIVE');
      await expectUserInputError(channel.reportSync(syncReportOf('sync-1', { startedAt: 'yesterday' })), 'input.startedAt', 'INVALID_DATE');
      expect((await ctx.admin().device(deviceId))?.reports).toEqual([]);
    },
  );

  ctx.check('stores each sync log with its text exactly, oldest first, several for one sync', async () => {
    const { deviceId, channel } = await ctx.registeredDevice();
    const text = '<DeviceControl State="active" Commands="0" />\n<Upload Entity="account" Records="2" />\nZürich – ✓';
    await channel.uploadSyncLog('sync-1', text);
    await channel.uploadSyncLog('sync-1', '<SyncFailed Code="TRANSIENT" />');
    await channel.uploadSyncLog('sync-2', '');
    expect((await ctx.admin().device(deviceId))?.logs).toEqual([
      { syncId: 'sync-1', text },
      { syncId: 'sync-1', text: '<SyncFailed Code="TRANSIENT" />' },
      { syncId: 'sync-2', text: '' },
    ]);
  });

  ctx.check('refuses a sync log with a malformed sync id with BAD_USER_INPUT, storing nothing', async () => {
    const { deviceId, channel } = await ctx.registeredDevice();
    await expectUserInputError(channel.uploadSyncLog('../sync-1', 'text'), 'syncId', 'INVALID_VALUE');
    expect((await ctx.admin().device(deviceId))?.logs).toEqual([]);
  });

  ctx.check('takes a sync log of 4 MiB and refuses a longer one with BAD_USER_INPUT (TOO_LARGE), storing nothing', async () => {
    const { deviceId, channel } = await ctx.registeredDevice();
    const limit = 4 * 1024 * 1024;
    // 'é' is two bytes in UTF-8: the limit counts bytes, not characters.
    await expectUserInputError(channel.uploadSyncLog('sync-1', 'é'.repeat(limit / 2) + 'x'), 'text', 'TOO_LARGE');
    expect((await ctx.admin().device(deviceId))?.logs).toEqual([]);
    await channel.uploadSyncLog('sync-1', 'é'.repeat(limit / 2));
    expect((await ctx.admin().device(deviceId))?.logs.map((log) => log.text.length)).toEqual([limit / 2]);
  });

  ctx.check('takes the reports and logs of a locked device, which still uploads and reports', async () => {
    const { deviceId, channel } = await ctx.registeredDevice();
    await ctx.admin().lock(deviceId);
    expect((await channel.deviceControl()).state).toBe('locked');
    await channel.reportSync(syncReportOf('sync-locked', { type: 'upload-only', success: false, error: 'DEVICE_LOCKED: locked' }));
    await channel.uploadSyncLog('sync-locked', '<DeviceControl State="locked" Commands="1" />');
    expect(await ctx.admin().device(deviceId)).toMatchObject({
      state: 'locked',
      reports: [expect.objectContaining({ syncId: 'sync-locked' })],
      logs: [{ syncId: 'sync-locked', text: '<DeviceControl State="locked" Commands="1" />' }],
    });
  });
}
