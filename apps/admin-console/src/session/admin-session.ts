import { executeOperation, GraphQLRequestError } from '../api/graphql-client';
import { AdminCheckQuery, RefreshSessionMutation, SignInMutation, SignOutMutation } from '../api/operations';
import type { TypedDocumentString } from '../gql/graphql';

/** The tokens of a signed-in admin; kept in memory only (a reload signs out). */
export interface SessionTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** When the access token expires, ms since epoch (the bridge's clock). */
  readonly expiresAt: number;
  readonly userId: string;
}

/** The sign-in was refused: wrong credentials, or a user without the admin role. */
export class SignInRefusedError extends Error {
  constructor(
    message: string,
    /** `BAD_CREDENTIALS`-style code of the bridge, or `NOT_ADMIN`. */
    readonly code: string,
  ) {
    super(message);
    this.name = 'SignInRefusedError';
  }
}

/** Refresh this long before the access token expires. */
const REFRESH_AHEAD_MS = 60_000;

/**
 * An admin's session with the bridge: signs in without a device, checks the admin role, runs
 * operations with the access token, refreshes it ahead of expiry (and once when the bridge refuses it),
 * and signs out. Nothing is stored in the browser.
 */
export class AdminSession {
  private tokens: SessionTokens;
  private refreshing: Promise<void> | undefined;

  private constructor(
    tokens: SessionTokens,
    /** The admin's user name. */
    readonly userName: string,
    private readonly onEnded: () => void,
  ) {
    this.tokens = tokens;
  }

  /**
   * Signs `userName` in; throws {@link SignInRefusedError} when the bridge refuses the password or the
   * user lacks the admin role (that session is signed out again at once).
   */
  static async signIn(userName: string, password: string, onEnded: () => void): Promise<AdminSession> {
    const answer = await executeOperation(SignInMutation, { input: { userName, password } });
    const session = answer.signIn.session;
    if (!session) {
      const error = answer.signIn.userErrors[0];
      throw new SignInRefusedError(error?.message ?? 'the bridge refused the sign-in', error?.code ?? 'SIGN_IN_REFUSED');
    }
    const admin = new AdminSession(session, userName, onEnded);
    try {
      await admin.run(AdminCheckQuery, {});
    } catch (error) {
      await executeOperation(SignOutMutation, {}, session.accessToken).catch(() => undefined);
      if (GraphQLRequestError.is(error, 'FORBIDDEN')) {
        throw new SignInRefusedError(
          `${userName} may not use the admin console: ${error.errors[0]?.message ?? 'the bridge refused the admin API'}`,
          'NOT_ADMIN',
        );
      }
      throw error;
    }
    return admin;
  }

  /** Runs one operation as this admin, refreshing the session when it is due or refused. */
  async run<TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, variables: TVariables): Promise<TResult> {
    if (this.tokens.expiresAt - Date.now() < REFRESH_AHEAD_MS) await this.refresh();
    try {
      return await executeOperation(document, variables, this.tokens.accessToken);
    } catch (error) {
      if (!GraphQLRequestError.is(error, 'UNAUTHENTICATED')) throw error;
      await this.refresh();
      return executeOperation(document, variables, this.tokens.accessToken);
    }
  }

  /** A current access token (refreshed first when it is due), for requests made outside {@link run}. */
  async accessToken(): Promise<string> {
    if (this.tokens.expiresAt - Date.now() < REFRESH_AHEAD_MS) await this.refresh();
    return this.tokens.accessToken;
  }

  /** Swaps the refresh token for a new session (once, however many callers ask at the same time). */
  async refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const answer = await executeOperation(RefreshSessionMutation, { refreshToken: this.tokens.refreshToken }).catch((error: unknown) => {
          // The bridge ended the session (refresh token expired or reused, decision 117): sign in again.
          if (GraphQLRequestError.is(error, 'AUTH_EXPIRED') || GraphQLRequestError.is(error, 'UNAUTHENTICATED')) {
            this.onEnded();
            throw new SignInRefusedError(`the session ended (${error.errors[0]?.message ?? error.code}); sign in again`, 'SESSION_ENDED');
          }
          throw error;
        });
        const session = answer.refreshSession.session;
        if (!session) {
          this.onEnded();
          throw new SignInRefusedError(answer.refreshSession.userErrors[0]?.message ?? 'the session ended; sign in again', 'SESSION_ENDED');
        }
        this.tokens = session;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  /** Ends the session on the bridge (its refresh token stops working) and forgets it. */
  async signOut(): Promise<void> {
    try {
      await executeOperation(SignOutMutation, {}, this.tokens.accessToken);
    } finally {
      this.onEnded();
    }
  }
}
