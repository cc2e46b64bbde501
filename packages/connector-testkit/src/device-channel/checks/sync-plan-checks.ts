import type { DeviceChannel, SyncPlan, SyncPlanPart, SyncPlanRequest } from '@fieldsync/connector-api';
import { expectErrorCode } from '../../support/expect-error-code';
import type { DeviceChannelContext } from '../device-channel-context';
import { CONFORMANCE_CUSTOMIZATION } from '../device-channel-samples';

/** The plan of `channel`; a check fails on a channel that offers none (the optional `syncPlan`). */
function planOf(channel: DeviceChannel, request: SyncPlanRequest = {}): Promise<SyncPlan> {
  if (!channel.syncPlan) throw new Error('this channel offers no syncPlan: the suite checks it on channels that do');
  return channel.syncPlan(request);
}

/** The code a refused part carries (undefined for an answered part). */
function refusal(part: SyncPlanPart<unknown>): string | undefined {
  return part.ok ? undefined : part.error.code;
}

/** `syncPlan`: the orders and the offer as the separate calls answer and refuse them. */
export function registerSyncPlanChecks(ctx: DeviceChannelContext): void {
  ctx.check('answers the orders and the offer as deviceControl and customization do, and marks the pending commands delivered', async () => {
    const { deviceId, channel } = await ctx.registeredDevice();
    const published = await ctx.admin().publish(CONFORMANCE_CUSTOMIZATION);
    const lock = await ctx.admin().lock(deviceId);
    const plan = await planOf(channel);
    expect(plan.control).toEqual({
      ok: true,
      value: { state: 'locked', pendingCommands: [expect.objectContaining({ id: lock.id, kind: 'lock', status: 'delivered' })] },
    });
    expect((await ctx.admin().device(deviceId))?.commands).toEqual([{ id: lock.id, kind: 'lock', status: 'delivered' }]);
    expect(plan.customization).toEqual({ ok: true, value: await channel.customization() });
    expect(plan.customization.ok && plan.customization.value).toMatchObject({ version: published.version, revision: published.revision });
  });

  ctx.check('leaves out of the offer the parts whose hashes the device sent', async () => {
    const { channel } = await ctx.registeredDevice();
    await ctx.admin().publish(CONFORMANCE_CUSTOMIZATION);
    const offer = await channel.customization();
    const plan = await planOf(channel, { known: offer.partHashes });
    expect(plan.customization).toEqual({ ok: true, value: { ...offer, parts: {} } });
  });

  ctx.check(
    'refuses in a part what its call refuses: NO_CUSTOMIZATION with none published, DEVICE_NOT_REGISTERED for the orders of an unregistered device',
    async () => {
      const registered = await ctx.registeredDevice();
      const plan = await planOf(registered.channel);
      expect(refusal(plan.customization)).toBe('NO_CUSTOMIZATION');
      expect(plan.control).toEqual({ ok: true, value: { state: 'active', pendingCommands: [] } });
      await ctx.admin().publish(CONFORMANCE_CUSTOMIZATION);
      const unregistered = await ctx.harness().openDevice();
      const early = await planOf(unregistered.channel);
      expect(refusal(early.control)).toBe('DEVICE_NOT_REGISTERED');
      expect(early.customization.ok).toBe(true);
    },
  );

  ctx.check(
    'tells a wiped device its order and refuses it the offer with DEVICE_REVOKED; once its session had to be renewed, refuses the whole plan',
    async () => {
      const { deviceId, channel } = await ctx.registeredDevice();
      await ctx.admin().publish(CONFORMANCE_CUSTOMIZATION);
      const wipe = await ctx.admin().wipe(deviceId);
      const plan = await planOf(channel);
      expect(plan.control).toEqual({
        ok: true,
        value: { state: 'wiped', pendingCommands: [expect.objectContaining({ id: wipe.id, kind: 'wipe', status: 'delivered' })] },
      });
      expect(refusal(plan.customization)).toBe('DEVICE_REVOKED');
      for (const part of [plan.server?.whoAmI, plan.server?.permissions]) if (part) expect(refusal(part)).toBe('DEVICE_REVOKED');
      await ctx.harness().expireSessions();
      await expectErrorCode(planOf(channel), 'DEVICE_REVOKED');
    },
  );
}
