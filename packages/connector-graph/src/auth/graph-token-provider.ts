import { ConfidentialClientApplication } from '@azure/msal-node';
import { UndiciNetworkModule } from '@fieldsync/azure-ad-auth';
import { AuthFailedError } from '@fieldsync/connector-api';
import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import type { Dispatcher } from 'undici';
import type { GraphAuthorityOptions, GraphCredentials } from '../config/graph-documents-config';

/**
 * The Graph client's `authProvider`: tokens from msal-node's `ConfidentialClientApplication`, by client
 * credentials, or on behalf of a user when the credentials carry a `userAssertion`. msal caches the
 * token; {@link renew} skips the cache after a 401. Every call to Azure AD goes through the connector's dispatcher.
 */
export class GraphTokenProvider implements AuthenticationProvider {
  readonly #app: ConfidentialClientApplication;
  readonly #credentials: GraphCredentials;
  readonly #scope: string;
  #skipCache = false;
  /** The refusal of the last `getAccessToken`, which the Graph client wraps into a status-less GraphError. */
  #failure: AuthFailedError | undefined;

  constructor(credentials: GraphCredentials, authority: GraphAuthorityOptions | undefined, scope: string, dispatcher: Dispatcher) {
    this.#credentials = credentials;
    this.#scope = scope;
    this.#app = new ConfidentialClientApplication({
      auth: {
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        authority: authority?.authority ?? `https://login.microsoftonline.com/${credentials.tenantId}`,
        ...(authority?.knownAuthorities ? { knownAuthorities: [...authority.knownAuthorities] } : {}),
        ...(authority?.authorityMetadata ? { authorityMetadata: authority.authorityMetadata } : {}),
        ...(authority?.cloudDiscoveryMetadata ? { cloudDiscoveryMetadata: authority.cloudDiscoveryMetadata } : {}),
      },
      system: { networkClient: new UndiciNetworkModule(dispatcher) },
    });
  }

  /** A token for Graph; throws `AuthFailedError` naming Azure AD's refusal. */
  async getAccessToken(): Promise<string> {
    const skipCache = this.#skipCache;
    this.#skipCache = false;
    try {
      const scopes = [this.#scope];
      const result =
        this.#credentials.userAssertion !== undefined
          ? await this.#app.acquireTokenOnBehalfOf({ oboAssertion: this.#credentials.userAssertion, scopes, skipCache })
          : await this.#app.acquireTokenByClientCredential({ scopes, skipCache });
      if (!result?.accessToken) throw new AuthFailedError('Azure AD answered no access token for Microsoft Graph.');
      return result.accessToken;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#failure =
        error instanceof AuthFailedError
          ? error
          : new AuthFailedError(`Azure AD refused a token for Microsoft Graph (client '${this.#credentials.clientId}'): ${message}`, message);
      throw this.#failure;
    }
  }

  /** The `AuthFailedError` of the last token request, once (undefined when it succeeded); the connector throws it in place of the client's wrapper. */
  takeFailure(): AuthFailedError | undefined {
    const failure = this.#failure;
    this.#failure = undefined;
    return failure;
  }

  /** Makes the next token a new one (after Graph refused the cached one). */
  async renew(): Promise<void> {
    this.#skipCache = true;
  }
}
