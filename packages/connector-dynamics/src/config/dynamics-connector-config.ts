import type { Clock } from '@fieldsync/model';

/** The bridge's own service identity (an application user in Dataverse): OAuth 2.0 client credentials. */
export interface DynamicsClientCredentials {
  readonly kind: 'clientCredentials';
  /** The app registration's application (client) id. */
  readonly clientId: string;
  readonly clientSecret: string;
  /** The Azure AD tenant (directory) id or domain. */
  readonly tenantId: string;
}

/**
 * A user's own sign-in (OAuth 2.0 resource owner password credentials through msal-node's
 * `acquireTokenByUsernamePassword`), where the bridge needs that user's rights rather than its own.
 */
export interface DynamicsPasswordCredentials {
  readonly kind: 'password';
  /** The app registration's application (client) id; the app must allow public client flows. */
  readonly clientId: string;
  readonly tenantId: string;
  readonly username: string;
  readonly password: string;
}

/** How the connector gets its Azure AD tokens. */
export type DynamicsCredentials = DynamicsClientCredentials | DynamicsPasswordCredentials;

/** How the connector waits out throttling and passing failures (as the Salesforce connector's `retry`). */
export interface DynamicsRetryOptions {
  /** Calls answered 429 (service protection) retried before `RateLimitedError` is thrown. @default 3 */
  readonly maxRateLimitRetries?: number;
  /** A Retry-After longer than this is not waited for; `RateLimitedError` is thrown at once. @default 60000 */
  readonly maxRetryAfterMs?: number;
  /** The wait before retrying a throttled call whose answer names no Retry-After. @default 1000 */
  readonly defaultRetryAfterMs?: number;
  /** Reads (GET) retried after a dropped connection or a 5xx before `TransientError` is thrown. @default 2 */
  readonly maxTransientRetries?: number;
}

/** Where Azure AD lives and what msal-node may skip discovering (the emulator hands all of it over). */
export interface DynamicsAuthorityOptions {
  /**
   * The authority URL up to the tenant.
   * @default `https://login.microsoftonline.com/${tenantId}`
   */
  readonly authority?: string;
  /** Hosts (with port) msal may trust as authorities without instance discovery, e.g. `127.0.0.1:8443`. */
  readonly knownAuthorities?: readonly string[];
  /** The authority's OpenID configuration as JSON text, so msal makes no metadata call. */
  readonly authorityMetadata?: string;
  /** The instance-discovery answer as JSON text, so msal makes no discovery call. */
  readonly cloudDiscoveryMetadata?: string;
}

/** Configuration of {@link createDynamicsConnector}; read once and frozen. */
export interface DynamicsConnectorConfig {
  /** The environment's URL, e.g. `https://contoso.crm4.dynamics.com`; the token scope is `${environmentUrl}/.default`. */
  readonly environmentUrl: string;
  /**
   * The Web API root, when it is not `${environmentUrl}/api/data/v9.2/` (an emulator's `apiUrl`).
   * @default `${environmentUrl}/api/data/v9.2/`
   */
  readonly apiUrl?: string;
  readonly credentials: DynamicsCredentials;
  /**
   * Act as this Dataverse user (`systemuserid`) with the credentials' token: impersonation through the
   * `MSCRMCallerID` header, so every call runs with that user's privileges and sharing. The signed-in
   * identity (usually the bridge's application user) needs the prvActOnBehalfOfAnotherUser privilege.
   */
  readonly callerId?: string;
  readonly authority?: DynamicsAuthorityOptions;
  /**
   * PEM certificates trusted for the Web API and Azure AD on top of the system ones (a private CA,
   * an emulator's self-signed certificate); applies to this connector's connections only.
   */
  readonly ca?: string | readonly string[];
  /**
   * Logical names of the entities `describe()` lists when asked for every entity.
   * @default every entity of `EntityDefinitions` that has an entity set
   */
  readonly entities?: readonly string[];
  /** Most operations one `writeBatch` takes; batches past 1,000 requests are sent as several `$batch` calls. @default 1000 */
  readonly maxBatchSize?: number;
  /** Most requests in one `$batch` call (Dataverse takes 1,000). @default 1000 */
  readonly maxRequestsPerBatch?: number;
  /** Largest page `readPage` returns (`odata.maxpagesize` takes up to 5,000). @default 5000 */
  readonly maxPageSize?: number;
  /** How long the environment keeps change-tracking history, in days (7 by default, up to 30). @default 7 */
  readonly changeTrackingRetentionDays?: number;
  /** Largest note attachment read or written, in bytes (the organization's `maxuploadfilesize`). @default 5242880 */
  readonly maxAttachmentBytes?: number;
  readonly retry?: DynamicsRetryOptions;
  /** Service-protection budget reported by `apiUsage()`: requests per window. @default 6000 */
  readonly requestsPerWindow?: number;
  /** Service-protection window in ms. @default 300000 */
  readonly windowMs?: number;
  /**
   * The clock used for deletion times and usage windows, and what Retry-After and back-off waits are
   * spent on (its `sleep`; a clock without one waits on the wall clock). @default systemClock
   */
  readonly clock?: Clock;
}
