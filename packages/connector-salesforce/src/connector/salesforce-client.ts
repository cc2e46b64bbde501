import {
  AuthExpiredError,
  AuthFailedError,
  ConnectorCallPolicy,
  failureClassifier,
  RateLimitedError,
  TransientError,
  type ApiUsage,
  type FailureClassifier,
  type Session,
} from '@fieldsync/connector-api';
import { systemClock, type Clock } from '@fieldsync/model';
import { Connection, OAuth2, type HttpRequest, type HttpResponse } from 'jsforce';
import { readTokenResponse, type SalesforceToken } from '../auth/token-response';
import { signJwtAssertion } from '../auth/sign-jwt-assertion';
import type { SalesforceConnectorConfig, SalesforceCredentials } from '../config/salesforce-connector-config';
import { isSessionExpired, isThrottled, isTransient, mapSalesforceError, retryAfterMs, type SalesforceErrorContext } from '../errors/map-salesforce-error';
import { describeCallFailure, type SalesforceCallFailure } from '../errors/salesforce-call-failure';

/** What {@link SalesforceClient} needs; the connector fills it from its config. */
export interface SalesforceClientOptions {
  readonly loginUrl: string;
  readonly apiVersion: string;
  readonly credentials: SalesforceCredentials;
  readonly maxRateLimitRetries: number;
  readonly maxRetryAfterMs: number;
  readonly defaultRetryAfterMs: number;
  readonly maxTransientRetries: number;
  /** How long a session lasts when the token answer does not say (Salesforce's default timeout is two hours). */
  readonly sessionTimeoutMs: number;
  /** The time of sign-ins and HTTP-date Retry-Afters, and what waits are spent on. */
  readonly clock: Clock;
}

/** A request to the REST API, relative to `/services/data/vXX.X` unless it starts with `/services/`. */
export interface SalesforceRequest {
  readonly method: HttpRequest['method'];
  readonly url: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A call {@link SalesforceClient.fetch} sends itself: a URL relative to `/services/data/vXX.X`, a body made per attempt. */
export interface RawSalesforceRequest {
  readonly method: 'GET' | 'PATCH' | 'POST';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: () => ReadableStream<Uint8Array> | string;
}

/** Salesforce's error answer (`[{"errorCode","message"}]`) as a call failure; the status stands in when the body is not one. */
function failureOfAnswer(status: number, headers: Readonly<Record<string, string>>, text: string): SalesforceCallFailure {
  let errorCode = `ERROR_HTTP_${status}`;
  let message = text || `HTTP ${status}`;
  try {
    const parsed: unknown = JSON.parse(text);
    const first = (Array.isArray(parsed) ? parsed[0] : parsed) as { errorCode?: unknown; message?: unknown } | undefined;
    if (typeof first?.errorCode === 'string') errorCode = first.errorCode;
    if (typeof first?.message === 'string') message = first.message;
  } catch {
    // Not JSON: the status and the text say it.
  }
  return { errorCode, message, status, headers, cause: undefined };
}

/** An answer with the status and headers jsforce does not hand back itself. */
export interface SalesforceAnswer<T> {
  readonly body: T;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
}

/** Thrown by {@link SalesforceClient.send} with what the call failed with, before mapping; the connector maps it. */
export class SalesforceCallError extends Error {
  constructor(readonly failure: SalesforceCallFailure) {
    super(failure.message);
    this.name = 'SalesforceCallError';
  }
}

/**
 * How the connector call policy recognises Salesforce's failures: `INVALID_SESSION_ID`/401 is an
 * expired session; 429, 503 and the concurrent-request limit are throttles (Retry-After, measured on
 * `clock`, else `defaultRetryAfterMs`); a dropped connection and a 5xx are transient.
 */
function salesforceFailures(clock: Clock, defaultRetryAfterMs: number): FailureClassifier {
  return failureClassifier((error) => (error instanceof SalesforceCallError ? error.failure : undefined), {
    isSessionExpired,
    // An OAuth refusal answered with a throttling status is still a refusal: only what maps to RateLimitedError waits.
    throttleDelayMs: (failure) =>
      isThrottled(failure) && mapSalesforceError(failure, { operation: 'send' }) instanceof RateLimitedError
        ? (retryAfterMs(failure.headers, clock.now()) ?? defaultRetryAfterMs)
        : undefined,
    isTransient,
  });
}

/**
 * The connector's one jsforce connection: signs in with the configured OAuth flow, sends REST calls
 * through `Connection.request` with jsforce's own retries off, and leaves retries to the connector
 * call policy: an expired session is refreshed once per call (a second refusal is `AuthExpiredError`,
 * never a loop), a throttled call waits its Retry-After a bounded number of times, a dropped read is
 * sent again a bounded number of times.
 */
export class SalesforceClient {
  #connection: Connection | undefined;
  #token: SalesforceToken | undefined;
  #lastUsage: { used: number; limit: number } | undefined;
  readonly #options: SalesforceClientOptions;
  readonly #policy: ConnectorCallPolicy;

  constructor(options: SalesforceClientOptions) {
    this.#options = options;
    // The options carry the policy's limits by name (maxRateLimitRetries, maxRetryAfterMs, maxTransientRetries).
    this.#policy = new ConnectorCallPolicy({
      classifier: salesforceFailures(options.clock, options.defaultRetryAfterMs),
      limits: options,
      clock: options.clock,
    });
  }

  /** The signed-in token, or undefined before `signIn`. */
  get token(): SalesforceToken | undefined {
    return this.#token;
  }

  /** The jsforce connection; signs in first when needed. */
  async connection(): Promise<Connection> {
    if (!this.#connection) await this.signIn();
    return this.#connection as Connection;
  }

  /** Requests a token with the configured flow and opens a connection on it. Throws `AuthFailedError`. */
  async signIn(): Promise<Session> {
    const requestedAt = this.#options.clock.now();
    let response: unknown;
    try {
      response = await this.#oauth2().requestToken(this.#grant(requestedAt));
    } catch (error) {
      const failure = describeCallFailure(error);
      const mapped = mapSalesforceError(failure, { operation: 'signIn' });
      if (mapped instanceof RateLimitedError || mapped instanceof TransientError) throw mapped;
      throw mapped instanceof AuthFailedError
        ? mapped
        : new AuthFailedError(`Salesforce refused the sign-in: ${failure.errorCode}: ${failure.message}`, failure.errorCode);
    }
    const token = readTokenResponse(response, requestedAt);
    this.#token = token;
    this.#connection = new Connection({
      instanceUrl: token.instanceUrl,
      accessToken: token.accessToken,
      version: this.#options.apiVersion,
      // jsforce would answer every 401 with a refresh and retry without bound; refusing here hands the
      // 401 back to `send`, which refreshes once itself.
      refreshFn: (_conn, callback) => callback(new Error('session refresh is left to the Fieldsync connector')),
    });
    return this.session();
  }

  /** Signs in again (Salesforce's password, client-credentials and JWT flows have no refresh token). Throws `AuthExpiredError` when refused. */
  async refresh(): Promise<Session> {
    try {
      return await this.signIn();
    } catch (error) {
      if (error instanceof AuthFailedError) throw new AuthExpiredError(`the session refresh was refused: ${error.message}`);
      throw error;
    }
  }

  /** The current session. */
  session(): Session {
    const token = this.#token;
    if (!token) throw new AuthExpiredError('not signed in');
    return { accessToken: token.accessToken, expiresAt: token.issuedAt + this.#options.sessionTimeoutMs, userId: token.userId };
  }

  /** API usage from the last `Sforce-Limit-Info` header seen, if any. */
  lastUsage(): ApiUsage | undefined {
    const usage = this.#lastUsage ?? this.#connection?.limitInfo?.apiUsage;
    return usage ? { used: usage.used, limit: usage.limit, windowMs: 86_400_000 } : undefined;
  }

  /**
   * Sends one REST call and answers its parsed body with status and headers. Refreshes an expired
   * session once, waits out throttling and retries dropped reads (GET, and writes marked `idempotent`)
   * within bounds; then throws the mapped connector-api error.
   */
  async send<T>(request: SalesforceRequest, context: SalesforceErrorContext, idempotent = request.method === 'GET'): Promise<SalesforceAnswer<T>> {
    return this.#retrying(context, idempotent, () => this.#sendOnce<T>(request));
  }

  /**
   * Sends one call outside jsforce, whose answers are buffered and parsed: for bodies that must
   * stream (attachments). The same rules as {@link send} apply; `body` is called for each attempt, so
   * a body that can be made only once is sent once (mark the call not `idempotent`). Answers the
   * 2xx response with its body unread.
   */
  async fetch(request: RawSalesforceRequest, context: SalesforceErrorContext, idempotent = request.method === 'GET'): Promise<Response> {
    return this.#retrying(context, idempotent, () => this.#fetchOnce(request));
  }

  /** Runs `once` under the connector call policy, then maps what is left of a failed call to a connector-api error. */
  async #retrying<R>(context: SalesforceErrorContext, idempotent: boolean, once: () => Promise<R>): Promise<R> {
    try {
      return await this.#policy.run({ operation: context.operation, idempotent, refreshSession: () => this.refresh() }, once);
    } catch (error) {
      if (!(error instanceof SalesforceCallError)) throw error;
      throw mapSalesforceError(error.failure, { ...context, usage: this.lastUsage(), defaultRetryAfterMs: this.#options.defaultRetryAfterMs });
    }
  }

  async #fetchOnce(request: RawSalesforceRequest): Promise<Response> {
    await this.connection();
    const token = this.#token as SalesforceToken;
    const url = `${token.instanceUrl}/services/data/v${this.#options.apiVersion}${request.url}`;
    let response: Response;
    try {
      const body = request.body?.();
      // Node's fetch streams a ReadableStream body only in half-duplex mode.
      const init = {
        method: request.method,
        headers: { ...(request.headers ?? {}), authorization: `Bearer ${token.accessToken}` },
        ...(body ? { body, duplex: 'half' } : {}),
      };
      response = await fetch(url, init as RequestInit);
    } catch (error) {
      throw new SalesforceCallError(describeCallFailure(error));
    }
    const headers = Object.fromEntries(response.headers);
    this.#noteUsage(headers);
    if (response.ok) return response;
    throw new SalesforceCallError(failureOfAnswer(response.status, headers, await response.text()));
  }

  async #sendOnce<T>(request: SalesforceRequest): Promise<SalesforceAnswer<T>> {
    const connection = await this.connection();
    let response: HttpResponse | undefined;
    // jsforce's HttpApi hides the status and headers of the answer (Retry-After, 412); a transport
    // that wraps the connection's own one reads them as they pass.
    const inner = connection._transport;
    const transport = {
      httpRequest: (req: HttpRequest, options: object = {}) => {
        const sent = inner.httpRequest(req, { ...options, retry: { maxRetries: 0 } });
        sent.then(
          (answer) => {
            response = answer;
          },
          () => undefined,
        );
        return sent;
      },
    };
    const headers: Record<string, string> = { ...(request.headers ?? {}) };
    let body: string | undefined;
    if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers['content-type'] = 'application/json';
    }
    try {
      const parsed = await connection.request<T>(
        { method: request.method, url: request.url, headers, ...(body === undefined ? {} : { body }) },
        { transport, retry: { maxRetries: 0 } },
      );
      const answer = response as HttpResponse | undefined;
      this.#noteUsage(answer?.headers);
      return { body: parsed, status: answer?.statusCode ?? 200, headers: answer?.headers ?? {} };
    } catch (error) {
      const answer = response as HttpResponse | undefined;
      this.#noteUsage(answer?.headers);
      throw new SalesforceCallError(describeCallFailure(error, answer?.statusCode, answer?.headers));
    }
  }

  #noteUsage(headers: Readonly<Record<string, string>> | undefined): void {
    const match = /api-usage=(\d+)\/(\d+)/.exec(headers?.['sforce-limit-info'] ?? '');
    if (match) this.#lastUsage = { used: Number(match[1]), limit: Number(match[2]) };
  }

  #oauth2(): OAuth2 {
    const credentials = this.#options.credentials;
    const client =
      credentials.kind === 'password'
        ? { clientId: credentials.clientId, clientSecret: credentials.clientSecret }
        : credentials.kind === 'client-credentials'
          ? { clientId: credentials.clientId, clientSecret: credentials.clientSecret }
          : { clientId: credentials.clientId };
    return new OAuth2({ loginUrl: this.#options.loginUrl, ...client });
  }

  #grant(now: number): { grant_type: string; [name: string]: string } {
    const credentials = this.#options.credentials;
    switch (credentials.kind) {
      case 'password':
        return { grant_type: 'password', username: credentials.username, password: credentials.password };
      case 'client-credentials':
        return { grant_type: 'client_credentials' };
      case 'jwt':
        return {
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion: signJwtAssertion({
            clientId: credentials.clientId,
            username: credentials.username,
            audience: credentials.audience ?? this.#options.loginUrl,
            privateKey: credentials.privateKey,
            now,
          }),
        };
    }
  }
}

/** A {@link SalesforceClient} from a connector config: its login URL, version, credentials, retry and clock. */
export function salesforceClientFor(
  config: Pick<SalesforceConnectorConfig, 'loginUrl' | 'apiVersion' | 'credentials' | 'retry' | 'sessionTimeoutMs' | 'clock' | 'now'>,
): SalesforceClient {
  return new SalesforceClient({
    loginUrl: config.loginUrl.replace(/\/+$/, ''),
    apiVersion: config.apiVersion ?? '59.0',
    credentials: config.credentials,
    maxRateLimitRetries: config.retry?.maxRateLimitRetries ?? 3,
    maxRetryAfterMs: config.retry?.maxRetryAfterMs ?? 60_000,
    defaultRetryAfterMs: config.retry?.defaultRetryAfterMs ?? 1_000,
    maxTransientRetries: config.retry?.maxTransientRetries ?? 2,
    sessionTimeoutMs: config.sessionTimeoutMs ?? 7_200_000,
    clock: clockOf(config),
  });
}

/** The clock a config names: `clock`, else one of its `now` alone (waits on the wall clock), else the system clock. */
export function clockOf(config: Pick<SalesforceConnectorConfig, 'clock' | 'now'>): Clock {
  if (config.clock) return config.clock;
  const now = config.now;
  return now ? { now: () => now() } : systemClock;
}
