import { createTokenService } from './token-service';
import { VerifiedTokenCache } from './verified-token-cache';

const SECRET = new TextEncoder().encode('a-secret-of-at-least-thirty-two-bytes!!');

describe('the verified-token cache', () => {
  it('answers a cached token until its expiry, and refuses it from then on', async () => {
    let now = Date.UTC(2026, 11, 5, 12, 0, 0);
    const tokens = createTokenService({ secret: SECRET, accessTtlMs: 60_000, now: () => now });
    const { token, expiresAt } = await tokens.issueAccessToken({ userId: 'u1', sessionId: 's1', deviceId: 'd1' });
    expect(await tokens.verifyAccessToken(token)).toEqual({ userId: 'u1', sessionId: 's1', deviceId: 'd1', expiresAt });
    now += 59_000;
    expect((await tokens.verifyAccessToken(token)).userId).toBe('u1');
    now = expiresAt;
    await expect(tokens.verifyAccessToken(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses a token whose signature is wrong, every time it comes', async () => {
    const now = Date.UTC(2026, 11, 5, 12, 0, 0);
    const tokens = createTokenService({ secret: SECRET, accessTtlMs: 60_000, now: () => now });
    const { token } = await tokens.issueAccessToken({ userId: 'u1', sessionId: 's1' });
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(tokens.verifyAccessToken(tampered)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(tokens.verifyAccessToken(tampered)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('holds at most its bound, evicting the oldest entry first', () => {
    const cache = new VerifiedTokenCache(2, () => 0);
    const claims = (sessionId: string) => ({ userId: 'u', sessionId, expiresAt: 1_000 });
    cache.set('a', claims('a'));
    cache.set('b', claims('b'));
    cache.set('c', claims('c'));
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')?.sessionId).toBe('c');
  });
});
