import { AuthExpiredError, AuthFailedError, RateLimitedError, type ApiUsage } from '@fieldsync/connector-api';
import { waitOnClock, type Clock } from '@fieldsync/model';
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

function headersOf(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

/**
 * The connector's Web API transport over undici (docs/decisions/095): sends each call with a bearer
 * token from Azure AD and decides retries itself. A 401 gets one fresh token and one retry (a second
 * 401 is `AuthExpiredError`, never a loop); a 429 waits its Retry-After a bounded number of times; a
 * dropped read (or a write marked idempotent) is sent again a bounded number of times. Counts calls
 * for `apiUsage()`.
 */
export class DynamicsHttpClient {
  readonly #options: DynamicsHttpClientOptions;
  #calls: number[] = [];
  #remaining: number | undefined;

  constructor(options: DynamicsHttpClientOptions) {
    this.#options = options;
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

  async #withRetries(call: DynamicsHttpRequest, context: DynamicsErrorContext, idempotent: boolean) {
    let refreshed = false;
    let throttled = 0;
    let transient = 0;
    for (;;) {
      try {
        return await this.#once(call, refreshed);
      } catch (error) {
        if (!(error instanceof CallFailed)) throw error;
        const failure = error.failure;
        if (isSessionRefused(failure)) {
          if (refreshed) throw new AuthExpiredError(`${context.operation}: the refreshed token was refused too (401)`);
          refreshed = true;
          await this.refreshToken();
          continue;
        }
        if (isThrottled(failure)) {
          const after = retryAfterMs(failure.headers, this.#options.clock.now()) ?? this.#options.defaultRetryAfterMs;
          if (throttled >= this.#options.maxRateLimitRetries || after > this.#options.maxRetryAfterMs) {
            throw new RateLimitedError(after, `${context.operation}: still throttled after ${throttled} retries; retry after ${after} ms`);
          }
          throttled++;
          await waitOnClock(this.#options.clock, after);
          continue;
        }
        if (idempotent && isTransient(failure) && transient < this.#options.maxTransientRetries) {
          transient++;
          await waitOnClock(this.#options.clock, 100 * 2 ** transient);
          continue;
        }
        throw mapDynamicsError(failure, { ...context, defaultRetryAfterMs: this.#options.defaultRetryAfterMs });
      }
    }
  }

  async #once(call: DynamicsHttpRequest, afterRefresh: boolean) {
    const token = afterRefresh ? await this.#options.tokens.token() : await this.token();
    const url = /^https?:\/\//.test(call.url) ? call.url : `${this.#options.apiUrl}${call.url}`;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'odata-version': '4.0',
      'odata-maxversion': '4.0',
      ...(call.body !== undefined && typeof call.body === 'string' && !call.headers?.['content-type'] ? { 'content-type': 'application/json; charset=utf-8' } : {}),
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
