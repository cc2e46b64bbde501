/** What `signIn` and `refresh` answer. Tokens are random; the store keeps only their hashes. */
export interface SessionTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** When the access token stops working (ms since epoch, by the store's clock). */
  readonly expiresAt: number;
  readonly userId: string;
}
