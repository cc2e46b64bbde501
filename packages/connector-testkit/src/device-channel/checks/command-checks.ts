import type { DeviceChannelContext } from '../device-channel-context';
import { expectUserInputError } from '../expect-user-input-error';

/** `completeCommand`: outcomes the admin sees, and the refusals that change nothing. */
export function registerCommandChecks(ctx: DeviceChannelContext): void {
  ctx.check('closes a command done, or failed with its message; the admin sees the outcome and the state stays as ordered', async () => {
    const { deviceId, channel } = await ctx.registeredDevice();
    const lock = await ctx.admin().lock(deviceId);
    const forced = await ctx.admin().forceFullSync(deviceId, { discardLocalChanges: false });
    await channel.deviceControl();
    await channel.completeCommand(lock.id, { ok: true });
    await channel.completeCommand(forced.id, { ok: false, message: '3 local changes are not uploaded yet' });
    expect((await ctx.admin().device(deviceId))?.commands).toEqual([
      { id: lock.id, kind: 'lock', status: 'done' },
      { id: forced.id, kind: 'forceFullSync', status: 'failed', message: '3 local changes are not uploaded yet' },
    ]);
    expect(await channel.deviceControl()).toEqual({ state: 'locked', pendingCommands: [] });
  });

  ctx.check('closes a command the device has not fetched yet', async () => {
    const { deviceId, channel } = await ctx.registeredDevice();
    const lock = await ctx.admin().lock(deviceId);
    await channel.completeCommand(lock.id, { ok: true });
    expect((await ctx.admin().device(deviceId))?.commands).toEqual([{ id: lock.id, kind: 'lock', status: 'done' }]);
  });

  ctx.check("refuses an unknown command, another device's command and a closed one with BAD_USER_INPUT, changing nothing", async () => {
    const first = await ctx.registeredDevice();
    const second = await ctx.registeredDevice();
    const lock = await ctx.admin().lock(first.deviceId);
    await expectUserInputError(second.channel.completeCommand(lock.id, { ok: true }), 'id', 'NOT_FOUND');
    await expectUserInputError(first.channel.completeCommand('no-such-command', { ok: true }), 'id', 'NOT_FOUND');
    expect((await ctx.admin().device(first.deviceId))?.commands).toEqual([{ id: lock.id, kind: 'lock', status: 'pending' }]);
    await first.channel.completeCommand(lock.id, { ok: true });
    await expectUserInputError(first.channel.completeCommand(lock.id, { ok: false, message: 'again' }), 'id', 'COMMAND_NOT_OPEN');
    expect((await ctx.admin().device(first.deviceId))?.commands).toEqual([{ id: lock.id, kind: 'lock', status: 'done' }]);
  });

  ctx.check('refuses a message over 2,000 characters with BAD_USER_INPUT, leaving the command open', async () => {
    const { deviceId, channel } = await ctx.registeredDevice();
    const lock = await ctx.admin().lock(deviceId);
    await expectUserInputError(channel.completeCommand(lock.id, { ok: false, message: 'x'.repeat(2001) }), 'message', 'TOO_LONG');
    expect((await channel.deviceControl()).pendingCommands.map((command) => command.id)).toEqual([lock.id]);
    await channel.completeCommand(lock.id, { ok: false, message: 'y'.repeat(2000) });
    expect((await ctx.admin().device(deviceId))?.commands).toEqual([{ id: lock.id, kind: 'lock', status: 'failed', message: 'y'.repeat(2000) }]);
  });
}
