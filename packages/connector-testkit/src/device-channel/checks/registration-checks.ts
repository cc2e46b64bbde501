import { expectErrorCode } from '../../support/expect-error-code';
import type { DeviceChannelContext } from '../device-channel-context';
import { registrationOf, syncReportOf } from '../device-channel-samples';
import { expectUserInputError } from '../expect-user-input-error';

/** `registerDevice`: idempotent registration, its refusals, and what needs a registered device. */
export function registerRegistrationChecks(ctx: DeviceChannelContext): void {
  ctx.check('registers the device; registering again is idempotent, updates name, OS and app version and keeps the state', async () => {
    const { deviceId, channel } = await ctx.harness().openDevice();
    await channel.registerDevice(registrationOf(deviceId));
    await channel.registerDevice(registrationOf(deviceId));
    expect(await ctx.admin().device(deviceId)).toEqual({
      name: 'Conformance phone',
      os: 'Android 15',
      appVersion: '1.4.0',
      state: 'active',
      commands: [],
      reports: [],
      logs: [],
    });
    await ctx.admin().lock(deviceId);
    await channel.registerDevice(registrationOf(deviceId, { name: 'Renamed phone', os: 'iOS 19', appVersion: '1.5.0-beta.1' }));
    expect(await ctx.admin().device(deviceId)).toMatchObject({ name: 'Renamed phone', os: 'iOS 19', appVersion: '1.5.0-beta.1', state: 'locked' });
  });

  ctx.check(
    'refuses a blank name or OS and an app version that is not an exact semantic version with BAD_USER_INPUT naming the field, and changes nothing',
    async () => {
      const { deviceId, channel } = await ctx.harness().openDevice();
      await expectUserInputError(channel.registerDevice(registrationOf(deviceId, { name: '   ' })), 'input.name', 'INVALID_VALUE');
      await expectUserInputError(channel.registerDevice(registrationOf(deviceId, { os: '' })), 'input.os', 'INVALID_VALUE');
      await expectUserInputError(channel.registerDevice(registrationOf(deviceId, { appVersion: 'v1.4' })), 'input.appVersion', 'INVALID_VERSION');
      await expectUserInputError(channel.registerDevice(registrationOf(deviceId, { name: 'x'.repeat(201) })), 'input.name', 'INVALID_VALUE');
      expect(await ctx.admin().device(deviceId)).toBeUndefined();
      await expectErrorCode(channel.deviceControl(), 'DEVICE_NOT_REGISTERED');

      await channel.registerDevice(registrationOf(deviceId));
      await expectUserInputError(
        channel.registerDevice(registrationOf(deviceId, { name: 'Renamed', appVersion: '1.5' })),
        'input.appVersion',
        'INVALID_VERSION',
      );
      expect(await ctx.admin().device(deviceId)).toMatchObject({ name: 'Conformance phone', appVersion: '1.4.0' });
    },
  );

  ctx.check('refuses to register another device than the one its session is bound to, with DEVICE_NOT_BOUND', async () => {
    const { deviceId, channel } = await ctx.harness().openDevice();
    await expectErrorCode(channel.registerDevice(registrationOf(`${deviceId}-other`)), 'DEVICE_NOT_BOUND');
    expect(await ctx.admin().device(deviceId)).toBeUndefined();
    expect(await ctx.admin().device(`${deviceId}-other`)).toBeUndefined();
  });

  ctx.check('refuses device control, command reports, sync reports and sync logs before the device registered, with DEVICE_NOT_REGISTERED', async () => {
    const { deviceId, channel } = await ctx.harness().openDevice();
    await expectErrorCode(channel.deviceControl(), 'DEVICE_NOT_REGISTERED');
    await expectErrorCode(channel.completeCommand('no-such-command', { ok: true }), 'DEVICE_NOT_REGISTERED');
    await expectErrorCode(channel.reportSync(syncReportOf('sync-1')), 'DEVICE_NOT_REGISTERED');
    await expectErrorCode(channel.uploadSyncLog('sync-1', '<Sync />'), 'DEVICE_NOT_REGISTERED');
    expect(await ctx.admin().device(deviceId)).toBeUndefined();
  });
}
