import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Principal } from '../api/principal';
import type { SessionTokens } from '../api/session-tokens';
import { StoreAuthExpiredError, StoreAuthInvalidError, StoreNotFoundError } from '../errors/store-errors';
import type { StoreCore } from '../store/store-core';
import { verifyPassword } from './password-hash';

const tokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');

async function issue(core: StoreCore, userId: string): Promise<SessionTokens> {
  const accessToken = randomBytes(32).toString('base64url');
  const refreshToken = randomBytes(32).toString('base64url');
  const now = core.clock.now();
  const expiresAt = now + core.settings.tokenTtlMs;
  await sql`insert into fs_session (tokenhash, kind, userid, expiresat) values
    (${tokenHash(accessToken)}, 'access', ${userId}, ${expiresAt}), (${tokenHash(refreshToken)}, 'refresh', ${userId}, ${now + core.settings.refreshTtlMs})`.execute(
    core.db,
  );
  return { accessToken, refreshToken, expiresAt, userId };
}

/** Signs in by user name and password; refuses unknown, disabled and wrong-password users alike. */
export async function signIn(core: StoreCore, userName: string, password: string): Promise<SessionTokens> {
  const user = (
    await sql<{ id: string; passwordhash: string; disabled: number }>`select id, passwordhash, disabled from fs_user where username = ${userName}`.execute(
      core.db,
    )
  ).rows[0];
  if (!user || !(await verifyPassword(password, user.passwordhash))) throw new StoreAuthInvalidError('unknown user name or wrong password');
  if (user.disabled) throw new StoreAuthInvalidError('the user is disabled');
  return issue(core, user.id);
}

async function sessionOf(core: StoreCore, token: string, kind: 'access' | 'refresh'): Promise<{ userid: string; tokenhash: string }> {
  const hash = tokenHash(token);
  const row = (
    await sql<{ userid: string; expiresat: number; tokenhash: string }>`select userid, expiresat, tokenhash from fs_session
    where tokenhash = ${hash} and kind = ${kind}`.execute(core.db)
  ).rows[0];
  if (!row) throw new StoreAuthInvalidError(`unknown or revoked ${kind} token`);
  if (row.expiresat <= core.clock.now()) throw new StoreAuthExpiredError(kind);
  return row;
}

/** Swaps a refresh token for new tokens; the used refresh token is deleted. */
export async function refresh(core: StoreCore, refreshToken: string): Promise<SessionTokens> {
  const session = await sessionOf(core, refreshToken, 'refresh');
  await assertEnabled(core, session.userid);
  await sql`delete from fs_session where tokenhash = ${session.tokenhash}`.execute(core.db);
  return issue(core, session.userid);
}

/** The principal of a live access token. */
export async function authenticate(core: StoreCore, accessToken: string): Promise<Principal> {
  const session = await sessionOf(core, accessToken, 'access');
  await assertEnabled(core, session.userid);
  return principalOf(core, session.userid);
}

async function assertEnabled(core: StoreCore, userId: string): Promise<void> {
  const row = (await sql<{ disabled: number }>`select disabled from fs_user where id = ${userId}`.execute(core.db)).rows[0];
  if (!row || row.disabled) throw new StoreAuthInvalidError('the user is disabled or gone');
}

/** Ends every session of a user. */
export async function revokeSessions(core: StoreCore, userId: string): Promise<void> {
  await sql`delete from fs_session where userid = ${userId}`.execute(core.db);
}

/** The principal of a user: id, business unit and teams; kept per security stamp (`SecurityCache`). */
export function principalOf(core: StoreCore, userId: string): Promise<Principal> {
  return core.security.principal(core.db, userId, () => loadPrincipal(core, userId));
}

async function loadPrincipal(core: StoreCore, userId: string): Promise<Principal> {
  const user = (await sql<{ businessunitid: string }>`select businessunitid from fs_user where id = ${userId}`.execute(core.db)).rows[0];
  if (!user) throw new StoreNotFoundError('user', userId);
  const teams = await sql<{ teamid: string }>`select teamid from fs_teammember where userid = ${userId} order by teamid`.execute(core.db);
  return { userId, businessUnitId: user.businessunitid, teamIds: teams.rows.map((t) => t.teamid) };
}
