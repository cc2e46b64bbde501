import type { DeviceCommand } from '@fieldsync/connector-api';
import { expectErrorCode } from '../../support/expect-error-code';
import type { DeviceChannelContext } from '../device-channel-context';

/** `deviceControl`: the state, the pending commands in issue order, the newest forced full sync; the admin's refusals. */
export function registerDeviceControlChecks(ctx: DeviceChannelContext): void {
  ctx.check('answers a registered device active, with no forced full sync and no pending commands', async () => {
    const { channel } = await ctx.registeredDevice();
    expect(await channel.deviceControl()).toEqual({ state: 'active', pendingCommands: [] });
  });

  ctx.check('answers the commands issued, oldest first, marked delivered, with who issued them and when, as long as they are open', async () => {
    const { deviceId, channel } = await ctx.registeredDevice();
    const admin = ctx.admin();
    const lock = await admin.lock(deviceId);
    const forced = await admin.forceFullSync(deviceId, { entities: ['contact'], discardLocalChanges: true });
    const unlock = await admin.unlock(deviceId);
    expect((await admin.device(deviceId))?.commands.map((command) => [command.id, command.status])).toEqual([
      [lock.id, 'pending'],
      [forced.id, 'pending'],
      [unlock.id, 'pending'],
    ]);
    const control = await channel.deviceControl();
    expect(control.pendingCommands.map((command) => [command.id, command.kind, command.status])).toEqual([
      [lock.id, 'lock', 'delivered'],
      [forced.id, 'forceFullSync', 'delivered'],
      [unlock.id, 'unlock', 'delivered'],
    ]);
    for (const command of control.pendingCommands) expectWellFormed(command);
    expect(control.pendingCommands[0].parameters).toBeUndefined();
    expect(control.pendingCommands[1].parameters).toEqual({ entities: ['contact'], discardLocalChanges: true });
    expect((await admin.device(deviceId))?.commands.map((command) => command.status)).toEqual(['delivered', 'delivered', 'delivered']);
    // Fetching again changes nothing: the same open commands, in the same order.
    expect(await channel.deviceControl()).toEqual(control);
  });

  ctx.check('reflects a lock and an unlock in the state at once, before the device reports the commands', async () => {
    const { deviceId, channel } = await ctx.registeredDevice();
    await ctx.admin().lock(deviceId);
    expect((await channel.deviceControl()).state).toBe('locked');
    expect((await ctx.admin().device(deviceId))?.state).toBe('locked');
    await ctx.admin().unlock(deviceId);
    const control = await channel.deviceControl();
    expect(control.state).toBe('active');
    expect(control.pendingCommands.map((command) => command.kind)).toEqual(['lock', 'unlock']);
  });

  ctx.check('answers the newest open forced full sync with its entities and discard flag, then the older one once the newer is done', async () => {
    const { deviceId, channel } = await ctx.registeredDevice();
    const older = await ctx.admin().forceFullSync(deviceId, { discardLocalChanges: false });
    const newer = await ctx.admin().forceFullSync(deviceId, { entities: ['account', 'contact'], discardLocalChanges: true });
    const control = await channel.deviceControl();
    const issuedAt = (id: string) => control.pendingCommands.find((command) => command.id === id)?.issuedAt;
    expect(control.forceFullSync).toEqual({ commandId: newer.id, issuedAt: issuedAt(newer.id), entities: ['account', 'contact'], discardLocalChanges: true });
    await channel.completeCommand(newer.id, { ok: true });
    expect((await channel.deviceControl()).forceFullSync).toEqual({ commandId: older.id, issuedAt: issuedAt(older.id), discardLocalChanges: false });
    await channel.completeCommand(older.id, { ok: true });
    expect(await channel.deviceControl()).toEqual({ state: 'active', pendingCommands: [] });
  });

  ctx.check('the admin cannot lock a locked device, unlock one that is not locked, or force a full sync of no entity or of an unknown one', async () => {
    const { deviceId } = await ctx.registeredDevice();
    const admin = ctx.admin();
    await expectErrorCode(admin.unlock(deviceId), 'NOT_LOCKED');
    await admin.lock(deviceId);
    await expectErrorCode(admin.lock(deviceId), 'ALREADY_LOCKED');
    await expectErrorCode(admin.forceFullSync(deviceId, { entities: [], discardLocalChanges: false }), 'EMPTY');
    await expectErrorCode(admin.forceFullSync(deviceId, { entities: ['account', 'no_such_entity'], discardLocalChanges: false }), 'UNKNOWN_ENTITY');
    expect((await admin.device(deviceId))?.commands.map((command) => command.kind)).toEqual(['lock']);
  });
}

/** A command's id, issuer and canonical UTC issue time. */
function expectWellFormed(command: DeviceCommand): void {
  expect(command.id.length).toBeGreaterThan(0);
  expect(command.issuedBy.length).toBeGreaterThan(0);
  expect(new Date(command.issuedAt).toISOString()).toBe(command.issuedAt);
}
