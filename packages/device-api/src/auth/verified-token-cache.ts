import type { AccessClaims } from './token-service';

/**
 * Access tokens whose signature was already checked, with their claims: a bounded map (the oldest
 * entry goes first) whose entries end with their token's expiry. It saves the HMAC check only; the
 * session, the device and the user are still read on every request, so a sign-out, a wipe or a
 * disabled user refuses the token at once in every bridge process (decision 160).
 */
export class VerifiedTokenCache {
  readonly #entries = new Map<string, AccessClaims>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  /** `maxEntries` bounds the memory (about 0.5 KB an entry); `now` is the bridge's clock, ms since epoch. */
  constructor(maxEntries: number, now: () => number) {
    this.#maxEntries = Math.max(0, Math.floor(maxEntries));
    this.#now = now;
  }

  /** The claims of `token` when it was verified and has not expired since; undefined otherwise. */
  get(token: string): AccessClaims | undefined {
    const claims = this.#entries.get(token);
    if (claims === undefined) return undefined;
    if (claims.expiresAt <= this.#now()) {
      this.#entries.delete(token);
      return undefined;
    }
    return claims;
  }

  /** Remembers a verified token's claims until its expiry, evicting the oldest entry when full. */
  set(token: string, claims: AccessClaims): void {
    if (this.#maxEntries === 0 || claims.expiresAt <= this.#now()) return;
    this.#entries.delete(token);
    while (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
    this.#entries.set(token, claims);
  }

  /** Entries held now (expired ones included until they are read or evicted). */
  get size(): number {
    return this.#entries.size;
  }
}
