/** A signed-in session of one user with a backend. */
export interface Session {
  /** Bearer token sent with every call; never logged. */
  readonly accessToken: string;
  /** When the token stops working (ms since epoch). */
  readonly expiresAt: number;
  /** The signed-in user's id. */
  readonly userId: string;
}

/** Who the session belongs to (Resco's WhoAmI step). */
export interface WhoAmI {
  readonly userId: string;
  readonly userName: string;
  readonly businessUnitId: string;
  readonly organizationId: string;
}
