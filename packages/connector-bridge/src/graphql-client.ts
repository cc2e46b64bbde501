import { ContractViolationError, RateLimitedError, TransientError } from '@fieldsync/connector-api';
import { FieldsyncError, systemTimerClock, type TimerClock } from '@fieldsync/model';
import { UnauthenticatedError } from './errors/unauthenticated-error';
import { platformFetch, type BridgeFetch } from './http/bridge-fetch';
import { parseRetryAfter } from './http/parse-retry-after';
import { mapBridgeError, type BridgeGraphqlError } from './map-bridge-error';

/** One GraphQL operation to send: its document, its name in the document, and its variables. */
export interface GraphqlRequest {
  readonly operationName: string;
  readonly query: string;
  readonly variables?: Readonly<Record<string, unknown>>;
}

/** How {@link GraphqlClient} reaches the bridge; read once. */
export interface GraphqlClientOptions {
  /** The bridge's base URL, e.g. `https://127.0.0.1:4000`; requests go to `<url>/graphql`. */
  readonly url: string;
  /**
   * Sends the requests; closed with the client when it has a `close`. On Node, `undiciFetch({ ca })`
   * from `@fieldsync/connector-bridge/node` trusts a private certificate.
   * @default the platform's global `fetch`
   */
  readonly fetch?: BridgeFetch;
  /** Abort a request (and its body) after this long. @default 60000 */
  readonly timeoutMs?: number;
  /** What the timeout runs on. @default the machine's timers */
  readonly clock?: TimerClock;
}

/** A JSON object of an answer. */
type Json = Record<string, unknown>;

/**
 * POSTs GraphQL operations to a bridge with a {@link BridgeFetch} (the platform's `fetch` by default),
 * and turns every failure into a typed error: GraphQL `errors` through {@link mapBridgeError}; a
 * network error, a timeout, HTTP 5xx and a body that is not JSON into `TransientError`; HTTP 429 (and
 * 503 with Retry-After) into `RateLimitedError`; HTTP 401 into {@link UnauthenticatedError}; an answer
 * without `data` or `errors` into `ContractViolationError`. Answers the `data` object.
 */
export class GraphqlClient {
  readonly endpoint: string;
  readonly #fetch: BridgeFetch;
  readonly #timeoutMs: number;
  readonly #clock: TimerClock;

  constructor(options: GraphqlClientOptions) {
    this.endpoint = new URL('graphql', options.url.endsWith('/') ? options.url : `${options.url}/`).toString();
    this.#fetch = options.fetch ?? platformFetch;
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#clock = options.clock ?? systemTimerClock;
  }

  /** Sends one operation, with `authorization: Bearer <accessToken>` when a token is given; answers `data`. */
  async request(request: GraphqlRequest, accessToken?: string): Promise<Json> {
    const { operationName } = request;
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
    if (accessToken !== undefined) headers.authorization = `Bearer ${accessToken}`;
    let status: number;
    let retryAfter: string | null;
    let text: string;
    const timeout = new AbortController();
    const answered = new AbortController();
    // The timeout runs on the clock and is cancelled once the whole answer is read.
    this.#clock.sleep(this.#timeoutMs, answered.signal).then(
      () => timeout.abort(new DOMException(`no answer within ${this.#timeoutMs} ms`, 'TimeoutError')),
      () => undefined,
    );
    try {
      const response = await this.#fetch(this.endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: request.query, variables: request.variables ?? {}, operationName }),
        signal: timeout.signal,
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (error) {
      const { name } = error as { name?: unknown };
      const why = name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${this.#timeoutMs} ms` : `${messageOf(error)}${causeOf(error)}`;
      throw new TransientError(`${operationName}: the bridge at ${this.endpoint} could not be reached: ${why}`, { cause: error });
    } finally {
      answered.abort();
    }
    const body = parseJson(text);
    const errors = body === undefined ? undefined : graphqlErrors(body, operationName);

    if (status === 429 || (status === 503 && retryAfter !== null)) {
      const mapped = errors?.map((error) => mapBridgeError(error, operationName)) ?? [];
      const limited = mapped.find((error) => error instanceof RateLimitedError);
      if (limited) throw limited;
      // A refusal of its own (SIGN_IN_RATE_LIMITED after failed sign-ins) keeps its code: waiting it out would not help.
      const coded = mapped.find((error) => error.code !== 'BRIDGE_ERROR');
      if (coded) throw coded;
      throw new RateLimitedError(parseRetryAfter(retryAfter) ?? 1_000, `${operationName}: the bridge answered HTTP ${status}`);
    }
    if (errors !== undefined && errors.length > 0) {
      const mapped = pickError(errors, operationName);
      // A 5xx stays a passing failure unless the bridge said precisely what went wrong.
      if (status >= 500 && mapped.constructor === FieldsyncError) throw new TransientError(`${operationName}: HTTP ${status}: ${mapped.message}`);
      throw mapped;
    }
    if (status === 401) throw new UnauthenticatedError(`${operationName}: the bridge answered HTTP 401`);
    if (status === 403) throw new FieldsyncError('FORBIDDEN', `${operationName}: the bridge answered HTTP 403`, { operation: operationName });
    if (status >= 500 || body === undefined) {
      const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
      throw new TransientError(`${operationName}: the bridge answered HTTP ${status}${body === undefined ? ` with a body that is not JSON: ${shown}` : ''}`);
    }
    if (status < 200 || status >= 300) {
      throw new ContractViolationError(`HTTP ${status} without GraphQL errors`, `${operationName} (POST ${this.endpoint})`);
    }
    if (!isObject(body.data)) throw new ContractViolationError('the answer has neither data nor errors', operationName);
    return body.data;
  }

  /** Closes the fetch's connections when it has a `close` (requests under way finish first). Never throws. */
  async close(): Promise<void> {
    try {
      await this.#fetch.close?.();
    } catch {
      // Closing twice, or a socket that already failed: nothing left to release.
    }
  }
}

/** The typed error for an answer's `errors`: the first with a code, so a bare validation message does not hide it. */
function pickError(errors: readonly BridgeGraphqlError[], operationName: string): FieldsyncError {
  const coded = errors.find((error) => typeof error.extensions?.code === 'string') ?? errors[0];
  return mapBridgeError(coded, operationName);
}

function parseJson(text: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The answer's `errors`, checked to be what the GraphQL spec promises. */
function graphqlErrors(body: Json, operationName: string): BridgeGraphqlError[] | undefined {
  if (body.errors === undefined || body.errors === null) return undefined;
  if (!Array.isArray(body.errors)) throw new ContractViolationError('errors is not a list', `${operationName}.errors`);
  return body.errors.map((error: unknown, index) => {
    const where = `${operationName}.errors[${index}]`;
    if (!isObject(error) || typeof error.message !== 'string') throw new ContractViolationError('not an error with a message', where);
    if (error.extensions !== undefined && !isObject(error.extensions)) throw new ContractViolationError('extensions is not an object', where);
    return { message: error.message, extensions: error.extensions as Json | undefined };
  });
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** fetch (undici on Node) hides the socket error (ECONNREFUSED, a refused certificate) in `cause`. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (typeof cause !== 'object' || cause === null) return '';
  const code = (cause as { code?: unknown }).code;
  return ` (${typeof code === 'string' ? `${code}: ` : ''}${messageOf(cause)})`;
}

/** An error's message; duck-typed, since errors made by Node itself come from another realm under test runners. */
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
