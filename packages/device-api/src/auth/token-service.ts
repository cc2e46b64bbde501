import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { FieldsyncError } from '@fieldsync/model';
import { VerifiedTokenCache } from './verified-token-cache';

/** What an access token says about its bearer. */
export interface AccessClaims {
  readonly userId: string;
  /** The device the session is bound to; absent for the admin console. */
  readonly deviceId?: string;
  /** The refresh session this token belongs to (revoking it ends the token at its next check). */
  readonly sessionId: string;
  /** Expiry, ms since epoch. */
  readonly expiresAt: number;
}

/** Signs and checks the bridge's access tokens (HS256 JWTs) and makes refresh tokens. */
export interface TokenService {
  issueAccessToken(claims: Omit<AccessClaims, 'expiresAt'>): Promise<{ token: string; expiresAt: number }>;
  /** The claims of a valid, unexpired token; throws `UNAUTHENTICATED` otherwise. */
  verifyAccessToken(token: string): Promise<AccessClaims>;
  /** A new random refresh token and the hash to store. */
  newRefreshToken(): { token: string; hash: string };
  /** The stored hash of a refresh token. */
  hashRefreshToken(token: string): string;
}

/** Options of {@link createTokenService}. */
export interface TokenServiceOptions {
  /** The HMAC secret, at least 32 bytes. */
  readonly secret: Uint8Array;
  /** Access token lifetime in ms. */
  readonly accessTtlMs: number;
  /** The bridge's clock (ms since epoch). */
  readonly now: () => number;
  /**
   * Verified access tokens kept so that a token's signature is checked once, not on every request
   * (see {@link VerifiedTokenCache}); 0 checks every time.
   * @default 10000
   */
  readonly verifiedTokenCacheSize?: number;
}

const ISSUER = 'fieldsync-bridge';
const DEFAULT_VERIFIED_TOKEN_CACHE_SIZE = 10_000;

/** Creates the token service of one bridge. */
export function createTokenService(options: TokenServiceOptions): TokenService {
  if (options.secret.byteLength < 32) throw new FieldsyncError('INVALID_TOKEN_SECRET', 'the token secret must be at least 32 bytes', { field: 'tokenSecret' });
  const verified = new VerifiedTokenCache(options.verifiedTokenCacheSize ?? DEFAULT_VERIFIED_TOKEN_CACHE_SIZE, options.now);
  return {
    async issueAccessToken(claims) {
      const now = options.now();
      const expiresAt = now + options.accessTtlMs;
      const token = await new SignJWT({ sid: claims.sessionId, ...(claims.deviceId ? { did: claims.deviceId } : {}) })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(ISSUER)
        .setSubject(claims.userId)
        .setIssuedAt(Math.floor(now / 1000))
        .setExpirationTime(Math.floor(expiresAt / 1000))
        .sign(options.secret);
      return { token, expiresAt };
    },
    async verifyAccessToken(token) {
      const known = verified.get(token);
      if (known) return known;
      try {
        const { payload } = await jwtVerify(token, options.secret, {
          issuer: ISSUER,
          algorithms: ['HS256'],
          currentDate: new Date(options.now()),
        });
        if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.exp !== 'number') {
          throw new FieldsyncError('UNAUTHENTICATED', 'the access token lacks its claims');
        }
        const claims: AccessClaims = {
          userId: payload.sub,
          sessionId: payload.sid,
          ...(typeof payload.did === 'string' ? { deviceId: payload.did } : {}),
          expiresAt: payload.exp * 1000,
        };
        verified.set(token, Object.freeze(claims));
        return claims;
      } catch (error) {
        if (FieldsyncError.is(error)) throw error;
        const reason = error instanceof joseErrors.JWTExpired ? 'the access token expired' : 'the access token is not valid';
        throw new FieldsyncError('UNAUTHENTICATED', `${reason}; refresh the session or sign in again`);
      }
    },
    newRefreshToken() {
      const token = randomBytes(32).toString('base64url');
      return { token, hash: hashToken(token) };
    },
    hashRefreshToken: hashToken,
  };
}

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
