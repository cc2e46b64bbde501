import { FieldsyncError } from '@fieldsync/model';
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
      if (userName.trim() === '' || userName.length > 256) problems.push(userError('input.userName', 'INVALID_USER_NAME', 'the user name must be 1 to 256 characters'));
      if (password === '' || password.length > 1024) problems.push(userError('input.password', 'INVALID_PASSWORD', 'the password must be 1 to 1,024 characters'));
      if (deviceId !== undefined && !DEVICE_ID_PATTERN.test(deviceId)) {
        problems.push(userError('input.deviceId', 'INVALID_DEVICE_ID', 'a device id is 1 to 128 letters, digits, dots, colons, dashes or underscores'));
      }
      if (problems.length > 0) return { session: null, userErrors: problems };
      const settings = await ctx.settings();
      const windowMs = settings.signInWindowSeconds * 1000;
      const failures = await services.state.signInAttempts.failuresSince({ userName, ...(deviceId ? { deviceId } : {}), since: new Date(services.now() - windowMs).toISOString() });
      if (failures.byUser >= settings.signInMaxFailures || failures.byDevice >= settings.signInMaxFailures) {
        services.log.warn({ event: 'signIn.rateLimited', userName, deviceId }, 'sign-in refused: too many failures');
        throw new FieldsyncError('SIGN_IN_RATE_LIMITED', `too many failed sign-ins for this ${failures.byUser >= settings.signInMaxFailures ? 'user' : 'device'}; try again in ${settings.signInWindowSeconds} s`, {
          retryAfterMs: windowMs,
        });
      }
      let user;
      try {
        user = await services.backend.verifyPassword(userName, password);
      } catch (error) {
        if (!FieldsyncError.is(error, 'AUTH_FAILED')) throw error;
        await services.state.signInAttempts.record({ userName, ...(deviceId ? { deviceId } : {}), success: false, now: nowIso(services) });
        services.log.warn({ event: 'signIn.failed', userName, deviceId }, 'sign-in failed');
        return { session: null, userErrors: [userError('input.password', 'AUTH_FAILED', 'wrong user name or password, or the user is disabled')] };
      }
      if (deviceId !== undefined) {
        const device = await services.state.devices.get(deviceId);
        if (device?.state === 'wiped') throw new FieldsyncError('DEVICE_REVOKED', `device ${deviceId} was wiped by an administrator; install the app again`);
        if (device && device.userId !== user.id) {
          return { session: null, userErrors: [userError('input.deviceId', 'DEVICE_OWNED_BY_OTHER_USER', `device ${deviceId} is registered to another user`)] };
        }
      }
      await services.state.signInAttempts.record({ userName, ...(deviceId ? { deviceId } : {}), success: true, now: nowIso(services) });
      const session = await openSession(services, user.id, deviceId, settings.refreshTokenDays);
      services.log.info({ event: 'signIn', userId: user.id, deviceId }, 'signed in');
      return { session, userErrors: [] };
    },

    async refreshSession(_: unknown, args: { refreshToken: string }, ctx: RequestContext): Promise<SessionPayload> {
      const { services } = ctx;
      const stored = await services.state.sessions.findLive(services.tokens.hashRefreshToken(args.refreshToken), nowIso(services));
      if (!stored) throw new FieldsyncError('AUTH_EXPIRED', 'the refresh token is unknown, expired or already used; sign in again');
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
      if (!next) throw new FieldsyncError('AUTH_EXPIRED', 'the refresh token was already used; sign in again');
      const access = await services.tokens.issueAccessToken({ userId: next.userId, sessionId: next.id, ...(next.deviceId ? { deviceId: next.deviceId } : {}) });
      return { session: { accessToken: access.token, refreshToken: refresh.token, expiresAt: access.expiresAt, userId: next.userId, deviceId: next.deviceId ?? null }, userErrors: [] };
    },

    async signOut(_: unknown, _args: unknown, ctx: RequestContext): Promise<boolean> {
      const caller = await ctx.caller();
      await ctx.services.state.sessions.revoke(caller.sessionId, nowIso(ctx.services));
      return true;
    },
  },
};

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
