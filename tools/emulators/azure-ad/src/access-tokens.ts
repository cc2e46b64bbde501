import { randomBytes } from 'node:crypto';
import type { Clock } from '@fieldsync/model';
import { AccessTokenRejected } from './access-token-rejected';

/** What an access token stands for. */
export interface IssuedAccessToken {
  readonly token: string;
  readonly userId: string;
  /** The app (client id) the token was issued to. */
  readonly clientId: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/** The access tokens the token endpoint issued, mapped to directory users server-side (opaque to clients). */
export class AccessTokenRegistry {
  private readonly tokens = new Map<string, IssuedAccessToken>();
  private readonly refreshTokens = new Map<string, { readonly userId: string; readonly clientId: string }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /** Issues a token for a user. */
  issue(userId: string, clientId: string): IssuedAccessToken {
    const now = this.clock.now();
    const issued = {
      token: `eyJ0eXAiOiJKV1QiLCJmcyI6ImR2In0.${randomBytes(32).toString('base64url')}`,
      userId,
      clientId,
      issuedAt: now,
      expiresAt: now + this.ttlMs,
    };
    this.tokens.set(issued.token, issued);
    return issued;
  }

  /** A refresh token for a user signed in with a password (the `refresh_token` grant redeems it once). */
  issueRefreshToken(userId: string, clientId: string): string {
    const token = `0.AXkA${randomBytes(48).toString('base64url')}`;
    this.refreshTokens.set(token, { userId, clientId });
    return token;
  }

  /** The user and app of a refresh token, which is used up; undefined when unknown or already used. */
  redeemRefreshToken(token: string): { readonly userId: string; readonly clientId: string } | undefined {
    const found = this.refreshTokens.get(token);
    this.refreshTokens.delete(token);
    return found;
  }

  /** Makes every token issued so far answer 401 as expired. */
  expireAll(): void {
    const now = this.clock.now();
    for (const [token, issued] of this.tokens) this.tokens.set(token, { ...issued, expiresAt: Math.min(issued.expiresAt, now) });
  }

  /**
   * The token of an `Authorization: Bearer …` header. Throws {@link AccessTokenRejected} (the emulator
   * answers it as a 401 in its own error shape, with `WWW-Authenticate`) when the header is missing,
   * the token unknown, or expired.
   */
  verify(authorization: string | undefined, authorizationUri: string, resource: string): IssuedAccessToken {
    const challenge = { 'WWW-Authenticate': `Bearer authorization_uri=${authorizationUri}, resource_id=${resource}` };
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new AccessTokenRejected('Bearer token is missing from the Authorization header.', challenge);
    const issued = this.tokens.get(match[1]);
    if (!issued) throw new AccessTokenRejected('The access token is invalid.', challenge);
    if (this.clock.now() >= issued.expiresAt) {
      throw new AccessTokenRejected(`The access token expired at ${new Date(issued.expiresAt).toISOString()}.`, {
        'WWW-Authenticate': `${challenge['WWW-Authenticate']}, error="invalid_token", error_description="The access token is expired"`,
      });
    }
    return issued;
  }

  /** The token issued with this exact value, unexpired (the `assertion` of an on-behalf-of grant); undefined otherwise. */
  lookup(token: string): IssuedAccessToken | undefined {
    const issued = this.tokens.get(token);
    return issued && this.clock.now() < issued.expiresAt ? issued : undefined;
  }
}
