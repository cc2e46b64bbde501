import type { ConformanceContext } from './conformance-context';
import { expectErrorCode } from '../support/expect-error-code';
import type { GatedCapability } from '../conformance-options';

/** Sign-in, invalid credentials, whoAmI and the declared capabilities. */
export function registerConnectionChecks(ctx: ConformanceContext): void {
  ctx.check('signs in with valid credentials and answers a session of that user', async () => {
    const connector = await ctx.connect('alice');
    const session = await connector.signIn();
    expect(session.userId).toBe(ctx.control().userIds.alice);
    expect(session.accessToken.length).toBeGreaterThan(0);
    expect(Number.isFinite(session.expiresAt)).toBe(true);
  });

  ctx.check('refuses invalid credentials with AuthFailedError', async () => {
    const connector = await ctx.harness().connectWithInvalidCredentials('alice');
    await expectErrorCode(connector.signIn(), 'AUTH_FAILED');
  });

  ctx.check('answers whoAmI with the signed-in user, business unit and organization', async () => {
    const alice = await (await ctx.connect('alice')).whoAmI();
    const bob = await (await ctx.connect('bob')).whoAmI();
    const carol = await (await ctx.connect('carol')).whoAmI();
    expect(alice.userId).toBe(ctx.control().userIds.alice);
    expect(carol.userId).toBe(ctx.control().userIds.carol);
    expect(alice.userName.length).toBeGreaterThan(0);
    expect(alice.businessUnitId).toBe(bob.businessUnitId);
    expect(carol.businessUnitId).not.toBe(alice.businessUnitId);
    expect(carol.organizationId).toBe(alice.organizationId);
  });

  ctx.check('declares the capabilities the suite was registered with, and sane limits', async () => {
    const { capabilities } = await ctx.connect('alice');
    for (const [flag, declared] of Object.entries(ctx.options.capabilities)) {
      expect({ flag, declared: capabilities[flag as GatedCapability] }).toEqual({ flag, declared });
    }
    expect(Number.isInteger(capabilities.maxBatchSize) && capabilities.maxBatchSize > 0).toBe(true);
    expect(Number.isInteger(capabilities.maxPageSize) && capabilities.maxPageSize > 0).toBe(true);
    expect(capabilities.deletesRetentionDays).toBeGreaterThanOrEqual(0);
  });
}
