import type { ConformanceContext } from './conformance-context';

/** API usage reporting. */
export function registerUsageChecks(ctx: ConformanceContext): void {
  ctx.check('reports API usage within its limit that grows with calls', async () => {
    const connector = await ctx.connect('alice');
    const before = await connector.apiUsage();
    expect(before.used).toBeLessThanOrEqual(before.limit);
    expect(before.windowMs).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) await connector.readPage({ entity: 'account', pageSize: 10 });
    const after = await connector.apiUsage();
    expect(after.used).toBeGreaterThan(before.used);
    expect(after.used).toBeLessThanOrEqual(after.limit);
  });
}
