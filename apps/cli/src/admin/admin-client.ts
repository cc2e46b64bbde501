import { readFileSync } from 'node:fs';
import { AuthExpiredError } from '@fieldsync/connector-api';
import { GraphqlClient, UnauthenticatedError, type BridgeSession, type GraphqlRequest } from '@fieldsync/connector-bridge';
import { undiciFetch } from '@fieldsync/connector-bridge/node';
import { FieldsyncError } from '@fieldsync/model';
import { AdminNotLoggedInError, AdminRoleRequiredError, AdminSessionExpiredError } from '../errors/admin-errors';
import { readAdminSession, writeAdminSession, type AdminSessionFile } from './admin-session-file';

const SESSION_SELECTION = 'session { accessToken refreshToken expiresAt userId } userErrors { field message code }';

/** The GraphqlClient for a bridge, trusting `ca` (a PEM file) when given. */
export function adminGraphqlClient(bridge: string, ca: string | undefined): GraphqlClient {
  return new GraphqlClient({ url: bridge, fetch: undiciFetch(ca ? { ca: readFileSync(ca) } : {}) });
}

/** The `signIn` or `refreshSession` payload: a session, or the bridge's first user error as a typed error. */
export function sessionOf(data: Record<string, unknown>, field: 'signIn' | 'refreshSession'): BridgeSession {
  const payload = data[field] as { session: BridgeSession | null; userErrors: { message: string; code: string }[] };
  const [first] = payload.userErrors;
  if (first) throw new FieldsyncError(first.code, `${field}: ${first.message}`);
  if (!payload.session) throw new FieldsyncError('CONTRACT_VIOLATION', `${field}: the bridge answered neither a session nor user errors`);
  return payload.session;
}

/** Signs `userName` in without a device (an admin session). Throws the bridge's error (`AUTH_FAILED`...) otherwise. */
export async function signInAdmin(client: GraphqlClient, userName: string, password: string): Promise<BridgeSession> {
  const data = await client.request({
    operationName: 'SignIn',
    query: `mutation SignIn($input: SignInInput!) { signIn(input: $input) { ${SESSION_SELECTION} } }`,
    variables: { input: { userName, password } },
  });
  return sessionOf(data, 'signIn');
}

/**
 * The admin API of a bridge with the session of a session file: each request carries the access token;
 * when the bridge refuses it (expired, `UNAUTHENTICATED`), the refresh token buys a new session, which
 * is written back to the file (the refresh token is single use), and the request is sent once more.
 * A `FORBIDDEN` answer becomes {@link AdminRoleRequiredError}.
 */
export class AdminClient {
  readonly #client: GraphqlClient;
  #stored: AdminSessionFile;

  private constructor(
    /** The session file. */
    readonly file: string,
    stored: AdminSessionFile,
  ) {
    this.#stored = stored;
    this.#client = adminGraphqlClient(stored.bridge, stored.ca);
  }

  /** Opens the session stored in `file`; throws {@link AdminNotLoggedInError} when there is none. */
  static open(file: string): AdminClient {
    const stored = readAdminSession(file);
    if (!stored) throw new AdminNotLoggedInError(file);
    return new AdminClient(file, stored);
  }

  /** The bridge and user of the session. */
  get session(): AdminSessionFile {
    return this.#stored;
  }

  /** Sends one admin operation; answers its `data`. */
  async request(request: GraphqlRequest): Promise<Record<string, unknown>> {
    try {
      return await this.#send(request);
    } catch (error) {
      if (!(error instanceof UnauthenticatedError || error instanceof AuthExpiredError)) throw error;
    }
    await this.#refresh();
    return this.#send(request);
  }

  /** Ends the session on the bridge (best effort: an ended session is ended already). */
  async signOut(): Promise<void> {
    try {
      await this.request({ operationName: 'SignOut', query: 'mutation SignOut { signOut }' });
    } catch (error) {
      if (!(error instanceof AdminSessionExpiredError)) throw error;
    }
  }

  /** Closes the connections. */
  async close(): Promise<void> {
    await this.#client.close();
  }

  async #send(request: GraphqlRequest): Promise<Record<string, unknown>> {
    try {
      return await this.#client.request(request, this.#stored.session.accessToken);
    } catch (error) {
      if (error instanceof FieldsyncError && error.code === 'FORBIDDEN') throw new AdminRoleRequiredError(this.#stored.userName, error.message);
      throw error;
    }
  }

  async #refresh(): Promise<void> {
    let session: BridgeSession;
    try {
      const data = await this.#client.request({
        operationName: 'RefreshSession',
        query: `mutation RefreshSession($refreshToken: String!) { refreshSession(refreshToken: $refreshToken) { ${SESSION_SELECTION} } }`,
        variables: { refreshToken: this.#stored.session.refreshToken },
      });
      session = sessionOf(data, 'refreshSession');
    } catch (error) {
      if (error instanceof FieldsyncError && error.code !== 'TRANSIENT' && error.code !== 'RATE_LIMITED')
        throw new AdminSessionExpiredError(this.file, error.message);
      throw error;
    }
    this.#stored = { ...this.#stored, session };
    writeAdminSession(this.file, this.#stored);
  }
}
