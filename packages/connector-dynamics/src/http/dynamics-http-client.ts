import { AuthExpiredError, AuthFailedError, ConnectorCallPolicy, failureClassifier, type ApiUsage, type FailureClassifier } from '@fieldsync/connector-api';
import type { Clock } from '@fieldsync/model';
import { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import type { AzureAdToken, AzureAdTokenSource } from '../auth/azure-ad-token-source';
import { readDataverseError, type DynamicsCallFailure } from '../errors/dynamics-call-failure';
import { isSessionRefused, isThrottled, isTransient, mapDynamicsError, retryAfterMs, type DynamicsErrorContext } from '../errors/map-dynamics-error';

/** One Web API call. */
export interface DynamicsHttpRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Relative to the Web API root (`accounts?$select=name`), or absolute (a nextLink). */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Text, or a function making a fresh stream for each attempt. */
  readonly body?: string | (() => AsyncIterable<Uint8Array>);
  /** Statuses handed back to the caller instead of thrown (404 or 412 the caller turns into results). */
  readonly accept?: readonly number[];
}

/** A Web API answer with its body read as text. */
export interface DynamicsHttpAnswer {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
}

/** A Web API answer whose body is left as a stream (attachments). */
export interface DynamicsStreamAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: AsyncIterable<Uint8Array>;
}

/** What {@link DynamicsHttpClient} needs; the connector fills it from its config. */
export interface DynamicsHttpClientOptions {
  /** The Web API root, ending in `/`. */
  readonly apiUrl: string;
  readonly dispatcher: Dispatcher;
  readonly tokens: AzureAdTokenSource;
  readonly maxRateLimitRetries: number;
  readonly maxRetryAfterMs: number;
  readonly defaultRetryAfterMs: number;
  readonly maxTransientRetries: number;
  readonly requestsPerWindow: number;
  readonly windowMs: number;
  /** The time of the usage window and of HTTP-date Retry-Afters, and what waits are spent on. */
  readonly clock: Clock;
  /** Sent as `MSCRMCallerID` on every call: the user the calls act as (impersonation). */
  readonly callerId?: string;
}

/** Thrown inside the client for a failed attempt, before the retry decision and the mapping. */
class CallFailed extends Error {
  constructor(readonly failure: DynamicsCallFailure) {
    super(failure.message);
  }
}

/**
 * How the connector call policy recognises the Web API's failures: 401 is an expired token; 429 (and
 * 503 with Retry-After) a throttle (Retry-After, measured on `clock`, else `defaultRetryAfterMs`); a
 * dropped connection and a 5xx are transient.
 */
function dynamicsFailures(clock: Clock, defaultRetryAfterMs: number): FailureClassifier {
  return failureClassifier((error) => (error instanceof CallFailed ? error.failure : undefined), {
    isSessionExpired: isSessionRefused,
    throttleDelayMs: (failure) => (isThrottled(failure) ? (retryAfterMs(failure.headers, clock.now()) ?? defaultRetryAfterMs) : undefined),
    isTransient,
  });
}

function headersOf(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

/**
 * The connector's Web API transport over undici (docs/decisions/095): sends each call with a bearer
 * token from Azure AD under the connector call policy (decision 123). A 401 gets one fresh token and one retry (a second
 * 401 is `AuthExpiredError`, never a loop); a 429 waits its Retry-After a bounded number of times; a
 * dropped read (or a write marked idempotent) is sent again a bounded number of times. Counts calls
 * for `apiUsage()`.
 */
export class DynamicsHttpClient {
  readonly #options: DynamicsHttpClientOptions;
  readonly #policy: ConnectorCallPolicy;
  #calls: number[] = [];
  #remaining: number | undefined;

  constructor(options: DynamicsHttpClientOptions) {
    this.#options = options;
    // The options carry the policy's limits by name (maxRateLimitRetries, maxRetryAfterMs, maxTransientRetries).
    this.#policy = new ConnectorCallPolicy({ classifier: dynamicsFailures(options.clock, options.defaultRetryAfterMs), limits: options, clock: options.clock });
  }

  /** The current token (signs in when there is none). */
  token(): Promise<AzureAdToken> {
    return this.#options.tokens.token();
  }

  /** A fresh token; a refusal is `AuthExpiredError`. */
  async refreshToken(): Promise<AzureAdToken> {
    try {
      return await this.#options.tokens.refresh();
    } catch (error) {
      if (error instanceof AuthFailedError) throw new AuthExpiredError(`the token refresh was refused: ${error.message}`);
      throw error;
    }
  }

  /** Calls against the service-protection window (from Dataverse's `x-ms-ratelimit-*` headers when sent, else counted here). */
  usage(): ApiUsage {
    const { requestsPerWindow, windowMs, clock } = this.#options;
    const since = clock.now() - windowMs;
    this.#calls = this.#calls.filter((at) => at > since);
    const used = this.#remaining === undefined ? this.#calls.length : Math.max(0, requestsPerWindow - this.#remaining);
    return { used, limit: requestsPerWindow, windowMs };
  }

  /** Sends a call and reads its answer as text; non-2xx answers not in `accept` throw the mapped error. */
  async send(call: DynamicsHttpRequest, context: DynamicsErrorContext, idempotent = call.method === 'GET'): Promise<DynamicsHttpAnswer> {
    const answer = await this.#withRetries(call, context, idempotent);
    return { status: answer.status, headers: answer.headers, text: await answer.text() };
  }

  /** Sends a call and hands its 2xx body over as a stream (read it once). */
  async stream(call: DynamicsHttpRequest, context: DynamicsErrorContext): Promise<DynamicsStreamAnswer> {
    const answer = await this.#withRetries(call, context, call.method === 'GET');
    return { status: answer.status, headers: answer.headers, body: answer.body };
  }

  /** Runs one call under the connector call policy, then maps what is left of a failed call to a connector-api error. */
  async #withRetries(call: DynamicsHttpRequest, context: DynamicsErrorContext, idempotent: boolean) {
    try {
      return await this.#policy.run({ operation: context.operation, idempotent, refreshSession: () => this.refreshToken() }, () => this.#once(call));
    } catch (error) {
      if (!(error instanceof CallFailed)) throw error;
      throw mapDynamicsError(error.failure, { ...context, defaultRetryAfterMs: this.#options.defaultRetryAfterMs });
    }
  }

  async #once(call: DynamicsHttpRequest) {
    const token = await this.token();
    const url = /^https?:\/\//.test(call.url) ? call.url : `${this.#options.apiUrl}${call.url}`;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'odata-version': '4.0',
      'odata-maxversion': '4.0',
      ...(call.body !== undefined && typeof call.body === 'string' && !call.headers?.['content-type']
        ? { 'content-type': 'application/json; charset=utf-8' }
        : {}),
      ...(call.headers ?? {}),
      ...(this.#options.callerId ? { mscrmcallerid: this.#options.callerId } : {}),
      authorization: `Bearer ${token.accessToken}`,
    };
    this.#calls.push(this.#options.clock.now());
    if (this.#calls.length > 2 * this.#options.requestsPerWindow) this.usage();
    let answer: Dispatcher.ResponseData;
    try {
      answer = await request(url, {
        method: call.method,
        dispatcher: this.#options.dispatcher,
        headers,
        ...(call.body === undefined ? {} : { body: typeof call.body === 'string' ? call.body : Readable.from(call.body()) }),
      });
    } catch (error) {
      const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : 'UND_ERR_SOCKET';
      throw new CallFailed({ errorCode: code, message: error instanceof Error ? error.message : String(error), cause: error });
    }
    const answerHeaders = headersOf(answer.headers);
    const remaining = Number(answerHeaders['x-ms-ratelimit-burst-remaining-xrm-requests']);
    if (Number.isFinite(remaining)) this.#remaining = remaining;
    const status = answer.statusCode;
    if ((status >= 200 && status < 300) || call.accept?.includes(status)) {
      return { status, headers: answerHeaders, body: answer.body as AsyncIterable<Uint8Array>, text: () => answer.body.text() };
    }
    let text = '';
    try {
      text = await answer.body.text();
    } catch (error) {
      throw new CallFailed({ errorCode: 'UND_ERR_SOCKET', message: `the ${status} answer was cut off`, cause: error });
    }
    throw new CallFailed(readDataverseError(status, text, answerHeaders));
  }
}
