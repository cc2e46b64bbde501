import type { Clock } from '@fieldsync/model';
import type { StreamFetch } from './attachments/attachment-client';
import type { BridgeFetch } from './http/bridge-fetch';
import type { BridgeSession } from './session/bridge-session';

/** How the bridge connector waits out rate limiting (mirrors the embedded connector's). */
export interface BridgeRetryOptions {
  /** Refused calls retried after their Retry-After before `RateLimitedError` is thrown. @default 3 */
  readonly maxRateLimitRetries?: number;
  /** A Retry-After longer than this is not waited for; `RateLimitedError` is thrown at once. @default 60000 */
  readonly maxRetryAfterMs?: number;
}

/**
 * Configuration of {@link createBridgeConnector}; read once and frozen.
 * @example createBridgeConnector({ url: 'https://bridge.example:4000', userName: 'alice', password, deviceId })
 */
export interface BridgeConnectorOptions {
  /** The bridge's base URL; GraphQL is at `<url>/graphql`. */
  readonly url: string;
  readonly userName: string;
  /** Needed to sign in; may be left out when `tokens` resume a stored session. */
  readonly password?: string;
  /** The device the session is bound to; absent for admin use (the device channel then refuses every call). */
  readonly deviceId?: string;
  /** A stored session to resume instead of signing in with the password. */
  readonly tokens?: BridgeSession;
  /**
   * Called (and awaited) whenever the tokens change (sign-in, refresh), so the caller can persist them:
   * the refresh token is single use, so a stored one is stale after every refresh. A throw fails the
   * call that changed the session; the new session is kept in memory all the same.
   */
  readonly onSession?: (session: BridgeSession) => void | Promise<void>;
  /**
   * Sends the GraphQL requests; closed with the connector when it has a `close`. On Node, pass
   * `undiciFetch({ ca })` from `@fieldsync/connector-bridge/node` to trust a private certificate.
   * @default the platform's global `fetch` (browsers, Node 20, React Native)
   */
  readonly fetch?: BridgeFetch;
  /**
   * Calls the attachment routes (streamed reads and chunked uploads, docs/decisions/167): a fetch
   * with streamed `Response.body`, as the platform's is. @default the platform's global `fetch`
   */
  readonly streamFetch?: StreamFetch;
  /** Bytes of one upload chunk. @default 1048576 (1 MiB) */
  readonly uploadChunkBytes?: number;
  /** A request without a complete answer after this long fails with `TransientError`. @default 60000 */
  readonly timeoutMs?: number;
  readonly retry?: BridgeRetryOptions;
  /** Refresh the session this long before it expires (at most half its lifetime). @default 60000 */
  readonly refreshAheadMs?: number;
  /**
   * When a refresh is refused and `password` is known, sign in again once before giving up with
   * `AuthExpiredError` (see docs/decisions/071). @default false, as the CrmConnector contract asks
   */
  readonly signInAgainWhenRefreshRefused?: boolean;
  /** The app version sent with `customization` until `registerDevice` names one. */
  readonly appVersion?: string;
  /**
   * The clock the session's `expiresAt` is compared with, and what Retry-After waits are spent on (its
   * `sleep`; a clock without one waits on the wall clock). @default the system clock
   */
  readonly clock?: Clock;
}
