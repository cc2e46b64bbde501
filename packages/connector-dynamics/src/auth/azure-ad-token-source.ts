import { ConfidentialClientApplication, PublicClientApplication, type AccountInfo, type AuthenticationResult, type Configuration } from '@azure/msal-node';
import type { Dispatcher } from 'undici';
import type { DynamicsAuthorityOptions, DynamicsCredentials } from '../config/dynamics-connector-config';
import { mapAzureAdError } from '../errors/map-azure-ad-error';
import { UndiciNetworkModule } from '@fieldsync/azure-ad-auth';

/** An access token for the Web API and when it stops working. */
export interface AzureAdToken {
  readonly accessToken: string;
  /** ms since epoch. */
  readonly expiresAt: number;
}

/** What {@link AzureAdTokenSource} needs; the connector fills it from its config. */
export interface AzureAdTokenSourceOptions {
  readonly credentials: DynamicsCredentials;
  readonly authority?: DynamicsAuthorityOptions;
  /** `${environmentUrl}/.default`. */
  readonly scope: string;
  /** The connector's undici dispatcher (with its CA), used for every token endpoint call. */
  readonly dispatcher: Dispatcher;
}

/**
 * Gets Web API tokens from Azure AD through msal-node: client credentials with a
 * `ConfidentialClientApplication` (msal caches the token), a user's password with a
 * `PublicClientApplication` (`acquireTokenByUsernamePassword`). Every call to Azure AD goes through
 * {@link UndiciNetworkModule}; msal's failures are mapped by `mapAzureAdError`.
 */
export class AzureAdTokenSource {
  readonly #options: AzureAdTokenSourceOptions;
  readonly #confidential?: ConfidentialClientApplication;
  readonly #public?: PublicClientApplication;
  #current: AzureAdToken | undefined;
  /** The account of a password sign-in, for msal's silent renewals. */
  #account: AccountInfo | undefined;

  constructor(options: AzureAdTokenSourceOptions) {
    this.#options = options;
    const { credentials, authority } = options;
    const auth = {
      clientId: credentials.clientId,
      authority: authority?.authority ?? `https://login.microsoftonline.com/${credentials.tenantId}`,
      ...(authority?.knownAuthorities ? { knownAuthorities: [...authority.knownAuthorities] } : {}),
      ...(authority?.authorityMetadata ? { authorityMetadata: authority.authorityMetadata } : {}),
      ...(authority?.cloudDiscoveryMetadata ? { cloudDiscoveryMetadata: authority.cloudDiscoveryMetadata } : {}),
    };
    const system: Configuration['system'] = { networkClient: new UndiciNetworkModule(options.dispatcher) };
    if (credentials.kind === 'clientCredentials') {
      this.#confidential = new ConfidentialClientApplication({ auth: { ...auth, clientSecret: credentials.clientSecret }, system });
    } else {
      this.#public = new PublicClientApplication({ auth, system });
    }
  }

  /**
   * The current token from msal's cache (client credentials: `acquireTokenByClientCredential`, which
   * answers from the cache; password: `acquireTokenSilent` for the signed-in account, which renews
   * an expired token with its refresh token), or a new one. Throws `AuthFailedError` (naming the
   * AADSTS code), `TransientError`.
   */
  async token(): Promise<AzureAdToken> {
    const current = this.#current;
    // Azure AD's expiry is wall-clock time, whatever clock the connector measures its windows by.
    if (current && current.expiresAt - 60_000 > Date.now()) return current;
    if (this.#public && this.#account) {
      try {
        return this.#keep(await this.#public.acquireTokenSilent({ account: this.#account, scopes: [this.#options.scope] }));
      } catch {
        // No usable cached or refreshable token: sign in with the password again below.
      }
    }
    return this.#acquire(false);
  }

  /** A new token, bypassing every cache (after a 401). Throws as {@link token}. */
  async refresh(): Promise<AzureAdToken> {
    return this.#acquire(true);
  }

  async #acquire(force: boolean): Promise<AzureAdToken> {
    const { credentials, scope } = this.#options;
    let result: AuthenticationResult | null;
    try {
      if (this.#confidential) {
        result = await this.#confidential.acquireTokenByClientCredential({ scopes: [scope], skipCache: force });
      } else if (credentials.kind === 'password' && this.#public) {
        result = await this.#public.acquireTokenByUsernamePassword({ scopes: [scope], username: credentials.username, password: credentials.password });
      } else {
        result = null;
      }
    } catch (error) {
      throw mapAzureAdError(error);
    }
    if (this.#public && result?.account) this.#account = result.account;
    return this.#keep(result);
  }

  #keep(result: AuthenticationResult | null): AzureAdToken {
    if (!result?.accessToken) throw mapAzureAdError({ errorCode: 'no_token', errorMessage: 'Azure AD answered without an access token' });
    const expiresAt = result.expiresOn instanceof Date ? result.expiresOn.getTime() : Date.now() + 3_600_000;
    this.#current = { accessToken: result.accessToken, expiresAt };
    return this.#current;
  }
}
