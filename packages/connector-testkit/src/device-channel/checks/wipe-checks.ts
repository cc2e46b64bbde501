import { expectErrorCode } from '../../support/expect-error-code';
import type { DeviceChannelContext } from '../device-channel-context';
import { CONFORMANCE_CUSTOMIZATION, registrationOf, syncReportOf } from '../device-channel-samples';

/** A wiped device: it learns its order and reports it done, and nothing else. */
export function registerWipeChecks(ctx: DeviceChannelContext): void {
  ctx.check('tells a wiped device its order and only that one, and refuses it everything else with DEVICE_REVOKED', async () => {
    const { deviceId, channel } = await ctx.registeredDevice();
    await ctx.admin().publish(CONFORMANCE_CUSTOMIZATION);
    const lock = await ctx.admin().lock(deviceId);
    await ctx.admin().forceFullSync(deviceId, { discardLocalChanges: false });
    const wipe = await ctx.admin().wipe(deviceId);
    const control = await channel.deviceControl();
    expect(control.state).toBe('wiped');
    expect(control.forceFullSync).toBeUndefined();
    expect(control.pendingCommands.map((command) => [command.id, command.kind, command.status])).toEqual([[wipe.id, 'wipe', 'delivered']]);
    await expectErrorCode(channel.completeCommand(lock.id, { ok: true }), 'DEVICE_REVOKED');
    await expectErrorCode(channel.customization(), 'DEVICE_REVOKED');
    await expectErrorCode(channel.reportSync(syncReportOf('sync-after-wipe')), 'DEVICE_REVOKED');
    await expectErrorCode(channel.uploadSyncLog('sync-after-wipe', '<DeviceWiped />'), 'DEVICE_REVOKED');
    await expectErrorCode(channel.registerDevice(registrationOf(deviceId)), 'DEVICE_REVOKED');
    expect(await ctx.admin().device(deviceId)).toMatchObject({ state: 'wiped', reports: [], logs: [] });
  });

  ctx.check('lets a wiped device report its wipe done; then it has no orders left, and takes no more commands', async () => {
    const { deviceId, channel } = await ctx.registeredDevice();
    const wipe = await ctx.admin().wipe(deviceId);
    await channel.deviceControl();
    await channel.completeCommand(wipe.id, { ok: true });
    expect((await ctx.admin().device(deviceId))?.commands).toEqual([{ id: wipe.id, kind: 'wipe', status: 'done' }]);
    expect(await channel.deviceControl()).toEqual({ state: 'wiped', pendingCommands: [] });
    await expectErrorCode(ctx.admin().lock(deviceId), 'DEVICE_WIPED');
    await expectErrorCode(ctx.admin().forceFullSync(deviceId, { discardLocalChanges: true }), 'DEVICE_WIPED');
    expect((await ctx.admin().device(deviceId))?.commands.map((command) => command.kind)).toEqual(['wipe']);
  });

  ctx.check('refuses a wiped device everything, its order too, once its session had to be renewed, while an active device renews and goes on', async () => {
    const wiped = await ctx.registeredDevice();
    const active = await ctx.registeredDevice();
    const wipe = await ctx.admin().wipe(wiped.deviceId);
    await ctx.harness().expireSessions();
    await expectErrorCode(wiped.channel.deviceControl(), 'DEVICE_REVOKED');
    await expectErrorCode(wiped.channel.completeCommand(wipe.id, { ok: true }), 'DEVICE_REVOKED');
    expect((await ctx.admin().device(wiped.deviceId))?.commands).toEqual([{ id: wipe.id, kind: 'wipe', status: 'pending' }]);
    expect(await active.channel.deviceControl()).toEqual({ state: 'active', pendingCommands: [] });
  });
}
