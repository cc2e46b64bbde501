/**
 * A request's bearer token is missing, unknown or expired. Each emulator answers it as a 401 in its
 * own error shape, with {@link AccessTokenRejected.headers} (`WWW-Authenticate`).
 */
export class AccessTokenRejected extends Error {
  override readonly name = 'AccessTokenRejected';

  constructor(
    message: string,
    /** The `WWW-Authenticate` challenge to answer with. */
    readonly headers: Readonly<Record<string, string>>,
  ) {
    super(message);
  }

  /** Whether a thrown value is an {@link AccessTokenRejected}. */
  static is(error: unknown): error is AccessTokenRejected {
    return error instanceof AccessTokenRejected;
  }
}
