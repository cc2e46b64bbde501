import type { BridgeStore } from '../api/bridge-store';
import { openBridgeStore } from '../open-bridge-store';
import { describeEachBridgeStore } from '../testing';

const NOW = '2026-11-23T10:00:00.000Z';
const LATER = '2026-11-23T10:05:00.000Z';
const EXPIRES = '2026-12-23T10:00:00.000Z';

describeEachBridgeStore('SessionRepository on $name', (backend) => {
  let store: BridgeStore;
  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(async () => {
    store = await openBridgeStore({ url: await backend.freshUrl() });
  });
  afterEach(() => store.close());

  it('creates a session and finds it live by its token hash', async () => {
    const session = await store.sessions.create({ userId: 'alice', deviceId: 'dev-1', refreshTokenHash: 'hash-1', now: NOW, expiresAt: EXPIRES });
    expect(session).toStrictEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      userId: 'alice',
      deviceId: 'dev-1',
      createdAt: NOW,
      expiresAt: EXPIRES,
      familyId: session.id,
    });
    expect(await store.sessions.findLive('hash-1', LATER)).toStrictEqual(session);
    expect(await store.sessions.get(session.id)).toStrictEqual(session);
    expect(await store.sessions.findLive('hash-unknown', LATER)).toBeUndefined();
    expect(await store.sessions.get('00000000-0000-0000-0000-000000000000')).toBeUndefined();
  });

  it('keeps a session without a device', async () => {
    const session = await store.sessions.create({ userId: 'admin', refreshTokenHash: 'hash-admin', now: NOW, expiresAt: EXPIRES });
    expect(session.deviceId).toBeUndefined();
    expect(await store.sessions.findLive('hash-admin', NOW)).toStrictEqual(session);
  });

  it('does not find a session live at or after its expiry', async () => {
    await store.sessions.create({ userId: 'alice', refreshTokenHash: 'hash-1', now: NOW, expiresAt: LATER });
    expect(await store.sessions.findLive('hash-1', '2026-11-23T10:04:59.999Z')).toBeDefined();
    expect(await store.sessions.findLive('hash-1', LATER)).toBeUndefined();
    expect(await store.sessions.findLive('hash-1', EXPIRES)).toBeUndefined();
  });

  it('revokes a session once; revoking again keeps the first revocation time', async () => {
    const session = await store.sessions.create({ userId: 'alice', refreshTokenHash: 'hash-1', now: NOW, expiresAt: EXPIRES });
    await store.sessions.revoke(session.id, LATER);
    await store.sessions.revoke(session.id, EXPIRES);
    expect(await store.sessions.get(session.id)).toMatchObject({ revokedAt: LATER });
    expect(await store.sessions.findLive('hash-1', LATER)).toBeUndefined();
  });

  it('rotates: revokes the old session and creates its successor for the same user and device', async () => {
    const old = await store.sessions.create({ userId: 'alice', deviceId: 'dev-1', refreshTokenHash: 'hash-1', now: NOW, expiresAt: EXPIRES });
    const next = await store.sessions.rotate(old.id, { refreshTokenHash: 'hash-2', now: LATER, expiresAt: '2026-12-23T10:05:00+00:00' });
    expect(next).toStrictEqual({
      id: expect.any(String),
      userId: 'alice',
      deviceId: 'dev-1',
      createdAt: LATER,
      expiresAt: '2026-12-23T10:05:00.000Z',
      familyId: old.id,
    });
    expect(next?.id).not.toBe(old.id);
    expect(await store.sessions.get(old.id)).toMatchObject({ revokedAt: LATER });
    expect(await store.sessions.findLive('hash-1', LATER)).toBeUndefined();
    expect(await store.sessions.findLive('hash-2', LATER)).toStrictEqual(next);
  });

  it('answers undefined when rotating a session already revoked (a replayed refresh token), creating nothing', async () => {
    const old = await store.sessions.create({ userId: 'alice', refreshTokenHash: 'hash-1', now: NOW, expiresAt: EXPIRES });
    await store.sessions.rotate(old.id, { refreshTokenHash: 'hash-2', now: LATER, expiresAt: EXPIRES });
    expect(await store.sessions.rotate(old.id, { refreshTokenHash: 'hash-3', now: LATER, expiresAt: EXPIRES })).toBeUndefined();
    expect(await store.sessions.findLive('hash-3', LATER)).toBeUndefined();
    expect(await store.sessions.rotate('00000000-0000-0000-0000-000000000000', { refreshTokenHash: 'hash-4', now: LATER, expiresAt: EXPIRES })).toBeUndefined();
  });

  it('of two concurrent rotations of one session, exactly one wins', async () => {
    const sessions = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store.sessions.create({ userId: 'alice', refreshTokenHash: `hash-${i}`, now: NOW, expiresAt: EXPIRES })),
    );
    const rotations = await Promise.all(
      sessions.flatMap((s, i) => [
        store.sessions.rotate(s.id, { refreshTokenHash: `hash-${i}-a`, now: LATER, expiresAt: EXPIRES }),
        store.sessions.rotate(s.id, { refreshTokenHash: `hash-${i}-b`, now: LATER, expiresAt: EXPIRES }),
      ]),
    );
    for (let i = 0; i < sessions.length; i++) {
      const [a, b] = rotations.slice(2 * i, 2 * i + 2);
      expect([a, b].filter((r) => r !== undefined)).toHaveLength(1);
      const live = [await store.sessions.findLive(`hash-${i}-a`, LATER), await store.sessions.findLive(`hash-${i}-b`, LATER)];
      expect(live.filter((s) => s !== undefined)).toHaveLength(1);
    }
  });

  it('finds a session by its refresh token whether live, used or expired', async () => {
    const old = await store.sessions.create({ userId: 'alice', refreshTokenHash: 'hash-1', now: NOW, expiresAt: LATER });
    const next = await store.sessions.rotate(old.id, { refreshTokenHash: 'hash-2', now: NOW, expiresAt: EXPIRES });
    expect(await store.sessions.findByRefreshToken('hash-1')).toMatchObject({ id: old.id, revokedAt: NOW, familyId: old.id });
    expect(await store.sessions.findByRefreshToken('hash-2')).toStrictEqual(next);
    expect(await store.sessions.findByRefreshToken('hash-unknown')).toBeUndefined();
  });

  it('ends a whole family: every member is marked ended, the live one revoked, and no member rotates again', async () => {
    const first = await store.sessions.create({ userId: 'alice', deviceId: 'dev-1', refreshTokenHash: 'hash-1', now: NOW, expiresAt: EXPIRES });
    const second = (await store.sessions.rotate(first.id, { refreshTokenHash: 'hash-2', now: NOW, expiresAt: EXPIRES }))!;
    const third = (await store.sessions.rotate(second.id, { refreshTokenHash: 'hash-3', now: NOW, expiresAt: EXPIRES }))!;
    const otherFamily = await store.sessions.create({ userId: 'alice', deviceId: 'dev-1', refreshTokenHash: 'hash-other', now: NOW, expiresAt: EXPIRES });
    expect(third.familyId).toBe(first.id);
    expect(await store.sessions.endFamily(first.id, LATER)).toBe(3);
    for (const member of [first, second, third])
      expect(await store.sessions.get(member.id)).toMatchObject({ familyEndedAt: LATER, revokedAt: expect.any(String) });
    expect(await store.sessions.get(third.id)).toMatchObject({ revokedAt: LATER });
    expect(await store.sessions.findLive('hash-3', LATER)).toBeUndefined();
    expect(await store.sessions.rotate(third.id, { refreshTokenHash: 'hash-4', now: LATER, expiresAt: EXPIRES })).toBeUndefined();
    expect(await store.sessions.endFamily(first.id, EXPIRES)).toBe(0);
    expect(await store.sessions.get(otherFamily.id)).toStrictEqual(otherFamily);
    expect(await store.sessions.findLive('hash-other', LATER)).toStrictEqual(otherFamily);
  });

  it('ending a family while its live member rotates leaves no live member', async () => {
    for (let round = 0; round < 8; round++) {
      const first = await store.sessions.create({ userId: 'alice', refreshTokenHash: `r${round}-1`, now: NOW, expiresAt: EXPIRES });
      const [rotated] = await Promise.all([
        store.sessions.rotate(first.id, { refreshTokenHash: `r${round}-2`, now: NOW, expiresAt: EXPIRES }),
        store.sessions.endFamily(first.id, LATER),
      ]);
      expect(await store.sessions.findLive(`r${round}-1`, LATER)).toBeUndefined();
      expect(await store.sessions.findLive(`r${round}-2`, LATER)).toBeUndefined();
      if (rotated) expect(await store.sessions.get(rotated.id)).toMatchObject({ familyEndedAt: LATER });
    }
  });

  it("revokes every live session of a device and counts them, leaving other devices' sessions live", async () => {
    await store.sessions.create({ userId: 'alice', deviceId: 'dev-1', refreshTokenHash: 'h1', now: NOW, expiresAt: EXPIRES });
    await store.sessions.create({ userId: 'alice', deviceId: 'dev-1', refreshTokenHash: 'h2', now: NOW, expiresAt: EXPIRES });
    const gone = await store.sessions.create({ userId: 'alice', deviceId: 'dev-1', refreshTokenHash: 'h3', now: NOW, expiresAt: EXPIRES });
    await store.sessions.revoke(gone.id, NOW);
    await store.sessions.create({ userId: 'alice', deviceId: 'dev-2', refreshTokenHash: 'h4', now: NOW, expiresAt: EXPIRES });
    expect(await store.sessions.revokeDevice('dev-1', LATER)).toBe(2);
    expect(await store.sessions.findLive('h1', LATER)).toBeUndefined();
    expect(await store.sessions.findLive('h2', LATER)).toBeUndefined();
    expect(await store.sessions.get(gone.id)).toMatchObject({ revokedAt: NOW });
    expect(await store.sessions.findLive('h4', LATER)).toBeDefined();
    expect(await store.sessions.revokeDevice('dev-1', LATER)).toBe(0);
  });
});
