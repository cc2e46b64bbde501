import { FieldsyncError } from '@fieldsync/model';
import type { BackendUser } from '../backend/crm-backend';
import { nowIso, type ApiServices } from '../context/api-services';
import type { RequestContext } from '../context/request-context';
import { userError, type UserError } from '../errors/user-error';

/** A device id: what a device chooses as its installation id. */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

interface SessionPayload {
  readonly session: Record<string, unknown> | null;
  readonly userErrors: readonly UserError[];
}

const DAY_MS = 86_400_000;

/** `signIn`, `refreshSession` and `signOut`. */
export const sessionResolvers = {
  Mutation: {
    async signIn(_: unknown, args: { input: { userName: string; password: string; deviceId?: string | null } }, ctx: RequestContext): Promise<SessionPayload> {
      const { services } = ctx;
      const { userName, password } = args.input;
      const deviceId = args.input.deviceId ?? undefined;
      const problems: UserError[] = [];
      if (userName.trim() === '' || userName.length > 256)
        problems.push(userError('input.userName', 'INVALID_USER_NAME', 'the user name must be 1 to 256 characters'));
      if (password === '' || password.length > 1024)
        problems.push(userError('input.password', 'INVALID_PASSWORD', 'the password must be 1 to 1,024 characters'));
      if (deviceId !== undefined && !DEVICE_ID_PATTERN.test(deviceId)) {
        problems.push(userError('input.deviceId', 'INVALID_DEVICE_ID', 'a device id is 1 to 128 letters, digits, dots, colons, dashes or underscores'));
      }
      if (problems.length > 0) return { session: null, userErrors: problems };
      const settings = await ctx.settings();
      const windowMs = settings.signInWindowSeconds * 1000;
      const since = new Date(services.now() - windowMs).toISOString();
      const { clientAddress } = ctx;
      const refuse = (reason: 'user' | 'device' | 'address'): never => {
        services.log.warn({ event: 'signIn.rateLimited', userName, deviceId, clientAddress, reason }, 'sign-in refused: too many failures');
        throw new FieldsyncError('SIGN_IN_RATE_LIMITED', `too many failed sign-ins for this ${reason}; try again in ${settings.signInWindowSeconds} s`, {
          retryAfterMs: windowMs,
        });
      };
      // Device and address first: they need no CRM call, so a flood of guesses costs the CRM nothing.
      const where = await services.state.signInAttempts.failuresSince({
        ...(deviceId ? { deviceId } : {}),
        ...(clientAddress ? { clientAddress } : {}),
        since,
      });
      if (where.byDevice >= settings.signInMaxFailures) refuse('device');
      if (where.byAddress >= settings.signInMaxFailuresPerAddress) refuse('address');
      // The per-user limit counts by the user the CRM resolves the name to, whatever its spelling.
      const userKey = signInUserKey(userName, await services.backend.userByName(userName));
      if ((await services.state.signInAttempts.failuresSince({ userKey, since })).byUser >= settings.signInMaxFailures) refuse('user');
      const attempt = { userName, userKey, ...(deviceId ? { deviceId } : {}), ...(clientAddress ? { clientAddress } : {}) };
      let user;
      try {
        user = await services.backend.verifyPassword(userName, password);
      } catch (error) {
        if (!FieldsyncError.is(error, 'AUTH_FAILED')) throw error;
        await services.state.signInAttempts.record({ ...attempt, success: false, now: nowIso(services) });
        services.log.warn({ event: 'signIn.failed', userName, deviceId, clientAddress }, 'sign-in failed');
        return { session: null, userErrors: [userError('input.password', 'AUTH_FAILED', 'wrong user name or password, or the user is disabled')] };
      }
      if (deviceId !== undefined) {
        const device = await services.state.devices.get(deviceId);
        if (device?.state === 'wiped') throw new FieldsyncError('DEVICE_REVOKED', `device ${deviceId} was wiped by an administrator; install the app again`);
        if (device && device.userId !== user.id) {
          return { session: null, userErrors: [userError('input.deviceId', 'DEVICE_OWNED_BY_OTHER_USER', `device ${deviceId} is registered to another user`)] };
        }
      }
      await services.state.signInAttempts.record({ ...attempt, success: true, now: nowIso(services) });
      const session = await openSession(services, user.id, deviceId, settings.refreshTokenDays);
      services.log.info({ event: 'signIn', userId: user.id, deviceId }, 'signed in');
      return { session, userErrors: [] };
    },

    async refreshSession(_: unknown, args: { refreshToken: string }, ctx: RequestContext): Promise<SessionPayload> {
      const { services } = ctx;
      const stored = await services.state.sessions.findByRefreshToken(services.tokens.hashRefreshToken(args.refreshToken));
      if (stored !== undefined && stored.revokedAt !== undefined) return endFamilyOnReuse(services, stored.familyId, stored.userId, stored.deviceId);
      if (!stored || stored.expiresAt <= nowIso(services))
        throw new FieldsyncError('AUTH_EXPIRED', 'the refresh token is unknown, expired or already used; sign in again');
      if (stored.deviceId !== undefined && (await services.state.devices.get(stored.deviceId))?.state === 'wiped') {
        throw new FieldsyncError('DEVICE_REVOKED', 'this device was wiped by an administrator; its session has ended');
      }
      await services.backend.confirmRefresh(stored.userId);
      const settings = await ctx.settings();
      const refresh = services.tokens.newRefreshToken();
      const next = await services.state.sessions.rotate(stored.id, {
        refreshTokenHash: refresh.hash,
        now: nowIso(services),
        expiresAt: new Date(services.now() + settings.refreshTokenDays * DAY_MS).toISOString(),
      });
      // Another request used the same refresh token meanwhile: that is reuse too.
      if (!next) return endFamilyOnReuse(services, stored.familyId, stored.userId, stored.deviceId);
      const access = await services.tokens.issueAccessToken({ userId: next.userId, sessionId: next.id, ...(next.deviceId ? { deviceId: next.deviceId } : {}) });
      return {
        session: { accessToken: access.token, refreshToken: refresh.token, expiresAt: access.expiresAt, userId: next.userId, deviceId: next.deviceId ?? null },
        userErrors: [],
      };
    },

    async signOut(_: unknown, _args: unknown, ctx: RequestContext): Promise<boolean> {
      const caller = await ctx.caller();
      const session = await ctx.services.state.sessions.get(caller.sessionId);
      // Ending the family ends this access token at once too (decision 117).
      if (session) await ctx.services.state.sessions.endFamily(session.familyId, nowIso(ctx.services));
      return true;
    },
  },
};

/**
 * A used refresh token came back (a thief or a client replaying it): ends every session descended
 * from the same sign-in, with their access tokens, as the OAuth 2.0 Security BCP asks, and refuses.
 */
async function endFamilyOnReuse(services: ApiServices, familyId: string, userId: string, deviceId: string | undefined): Promise<never> {
  const ended = await services.state.sessions.endFamily(familyId, nowIso(services));
  services.log.warn({ event: 'refresh.reused', userId, deviceId, familyId, ended }, 'a used refresh token was presented again: the session family is ended');
  throw new FieldsyncError('AUTH_EXPIRED', 'the refresh token was already used; the session has ended, sign in again');
}

/** What the per-user sign-in limit counts by: the CRM's user when the name resolves, else the name in lower case. */
function signInUserKey(userName: string, user: BackendUser | undefined): string {
  return user ? `user:${user.id}` : `name:${userName.normalize('NFKC').toLowerCase()}`;
}

async function openSession(services: ApiServices, userId: string, deviceId: string | undefined, refreshDays: number): Promise<Record<string, unknown>> {
  const refresh = services.tokens.newRefreshToken();
  const stored = await services.state.sessions.create({
    userId,
    ...(deviceId ? { deviceId } : {}),
    refreshTokenHash: refresh.hash,
    now: nowIso(services),
    expiresAt: new Date(services.now() + refreshDays * DAY_MS).toISOString(),
  });
  const access = await services.tokens.issueAccessToken({ userId, sessionId: stored.id, ...(deviceId ? { deviceId } : {}) });
  return { accessToken: access.token, refreshToken: refresh.token, expiresAt: access.expiresAt, userId, deviceId: deviceId ?? null };
}
