import type { CrmStore } from '@fieldsync/crm-store';
import type { Clock } from '@fieldsync/model';
import type { EmbeddedTransport } from '../transport/embedded-transport';

/** How the embedded connector waits out rate limiting. */
export interface EmbeddedRetryOptions {
  /** Refused calls retried after their Retry-After before `RateLimitedError` is thrown. @default 3 */
  readonly maxRateLimitRetries?: number;
  /** A Retry-After longer than this is not waited for; `RateLimitedError` is thrown at once. @default 60000 */
  readonly maxRetryAfterMs?: number;
}

/** Configuration of {@link createEmbeddedConnector}; read once and frozen. */
export interface EmbeddedConnectorConfig {
  /** The reference CRM to talk to. */
  readonly store: CrmStore;
  /** The user to sign in as (with `password`); not needed with `actAsUserId`. */
  readonly userName?: string;
  readonly password?: string;
  /**
   * Trusted server-side mode (the bridge): act as this user without signing in, the way a Dataverse
   * application user impersonates with CallerObjectId. Every call runs with the user's own
   * privileges; `signIn` and `refreshSession` answer a session without a token.
   */
  readonly actAsUserId?: string;
  /** Hook between connector and store (fault injection, call counting). @default pass-through */
  readonly transport?: EmbeddedTransport;
  /** Most operations per `writeBatch`. @default 1000 */
  readonly maxBatchSize?: number;
  /** Largest page `readPage` returns. @default 5000 */
  readonly maxPageSize?: number;
  readonly retry?: EmbeddedRetryOptions;
  /** How long the store keeps deletes listable (its history retention), in days. @default 30 */
  readonly deletesRetentionDays?: number;
  /**
   * What Retry-After waits are spent on (its `sleep`; a clock without one waits on the wall clock).
   * @default the store's clock
   */
  readonly clock?: Clock;
}
