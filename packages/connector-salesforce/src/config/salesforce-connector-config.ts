import type { Clock, FieldType } from '@fieldsync/model';

/** Sign in with a user's name and password (OAuth 2.0 username-password flow). */
export interface SalesforcePasswordCredentials {
  readonly kind: 'password';
  readonly username: string;
  /** The password, followed by the security token when the org asks for one. */
  readonly password: string;
  /** The connected app's consumer key; some orgs accept the flow without one. */
  readonly clientId?: string;
  readonly clientSecret?: string;
}

/** Sign in as the connected app's run-as user (OAuth 2.0 client credentials flow). */
export interface SalesforceClientCredentials {
  readonly kind: 'client-credentials';
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Sign in as `username` with a JWT signed by the connected app's certificate key (OAuth 2.0 JWT bearer flow). */
export interface SalesforceJwtCredentials {
  readonly kind: 'jwt';
  readonly clientId: string;
  readonly username: string;
  /** PEM of the RSA private key whose certificate is uploaded to the connected app. */
  readonly privateKey: string;
  /** The `aud` claim. @default the loginUrl */
  readonly audience?: string;
}

/** How the connector signs in. */
export type SalesforceCredentials = SalesforcePasswordCredentials | SalesforceClientCredentials | SalesforceJwtCredentials;

/** How the connector waits out throttling and passing failures. */
export interface SalesforceRetryOptions {
  /** Calls answered 429/503 retried before `RateLimitedError` is thrown. @default 3 */
  readonly maxRateLimitRetries?: number;
  /** A Retry-After longer than this is not waited for; `RateLimitedError` is thrown at once. @default 60000 */
  readonly maxRetryAfterMs?: number;
  /** The wait before retrying a throttled call whose answer names no Retry-After. @default 1000 */
  readonly defaultRetryAfterMs?: number;
  /** Reads (GET) retried after a dropped connection or a 5xx before `TransientError` is thrown. @default 2 */
  readonly maxTransientRetries?: number;
}

/**
 * How one model entity maps onto an sObject, when the default naming does not fit: the model name
 * is the key of {@link SalesforceConnectorConfig.entities}.
 * @example { sObject: 'Account', fields: { accountid: 'Id', city: 'BillingCity' } }
 */
export interface SalesforceEntityMapping {
  /** The sObject's API name. */
  readonly sObject: string;
  /** Model field name → API field name, for the fields the default naming gets wrong. */
  readonly fields?: Readonly<Record<string, string>>;
  /**
   * Model types for fields whose describe type says less (a picklist of state codes is `state`).
   * Keys are model field names.
   */
  readonly fieldTypes?: Readonly<Record<string, FieldType>>;
}

/** Configuration of {@link createSalesforceConnector}; read once and frozen. */
export interface SalesforceConnectorConfig {
  /** Where the OAuth token endpoint lives, e.g. `https://login.salesforce.com` or an emulator's `loginUrl`. */
  readonly loginUrl: string;
  /** REST API version. @default '59.0' */
  readonly apiVersion?: string;
  readonly credentials: SalesforceCredentials;
  /**
   * The external-id field (Text, Unique, External ID) present on every synced sObject that takes creates.
   * Creates are upserts on it keyed by the operation's idempotency key, so a repeated create never
   * duplicates. Without it creates are plain inserts (and a lost answer can duplicate).
   */
  readonly externalIdField?: string;
  /** Incremental reads start this long before the last anchor, so late commits are read. @default 60000 */
  readonly lookBackMs?: number;
  /** Most operations per `writeBatch` (sObject Collections take 200). @default 200 */
  readonly maxBatchSize?: number;
  /** Largest page `readPage` returns (a query page holds up to 2,000). @default 2000 */
  readonly maxPageSize?: number;
  /**
   * Largest attachment `writeAttachment` sends, in bytes: a JSON record body carries at most 37.5 MB of
   * file as base64 on Salesforce. A larger upload is refused with `AttachmentTooLargeError`, nothing stored.
   * @default 39_321_600 (37.5 MiB)
   */
  readonly maxAttachmentBytes?: number;
  /** How long getDeleted lists deletes (the recycle bin), in days. @default 15 */
  readonly deletesRetentionDays?: number;
  /** Entities only reachable under another name than the default (lower-cased sObject name without `__c`). */
  readonly entities?: Readonly<Record<string, SalesforceEntityMapping>>;
  /** The sObjects `describe()` lists when asked for every entity; absent: every queryable sObject of describeGlobal. */
  readonly sObjects?: readonly string[];
  readonly retry?: SalesforceRetryOptions;
  /** How stale updates and deletes are refused by the server. @default 'if-unmodified-since' */
  readonly conditionalWrites?: 'if-unmodified-since' | 'if-match';
  /** The User field whose value stands for the Dynamics business unit in `whoAmI`. @default 'UserRoleId' */
  readonly businessUnitField?: string;
  /** How long a session lasts (the org's session timeout). @default 7200000 */
  readonly sessionTimeoutMs?: number;
  /**
   * The clock incremental windows are measured by and Retry-After and back-off waits are spent on
   * (its `sleep`; a clock without one waits on the wall clock). @default systemClock
   */
  readonly clock?: Clock;
  /** @deprecated Use `clock`. The time alone, when `clock` is absent: waits are then on the wall clock. */
  readonly now?: () => number;
}
