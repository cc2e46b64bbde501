import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

/** What a {@link FaultProxy} counted since the last reset. */
export interface ProxyCounters {
  /** Records in read answers sent to the connector, as the backend's {@link FaultProxyDialect.countRecords} counts them. */
  readonly recordsSent: number;
  /** Token requests. */
  readonly sessionRefreshes: number;
  /** Every request the proxy received. */
  readonly calls: number;
}

/** A canned answer the proxy sends instead of forwarding. */
export interface CannedAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** A request as the dialect sees it. */
export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
}

/**
 * How one backend's wire looks to the proxy: which calls are API calls and token requests, which
 * answers are rate limits, failures and refused tokens in that backend's own shapes, and how read
 * answers count records.
 */
export interface FaultProxyDialect {
  /** A call of the backend's data API: a write among them (any method but GET) is what a lost answer drops. */
  isApi(request: ProxiedRequest): boolean;
  /** The calls rate limits and failures apply to; by default the API calls. */
  takesFaults?(request: ProxiedRequest): boolean;
  /** A token request (counted as a session refresh, refused on demand). */
  isToken(request: ProxiedRequest): boolean;
  /** The 429 answer asking the client to wait `retryAfterMs`. */
  rateLimitAnswer(retryAfterMs: number): CannedAnswer;
  /** The 500 answer of an injected failure. */
  failureAnswer(): CannedAnswer;
  /** The answer to a refused token request. */
  refusedTokenAnswer(): CannedAnswer;
  /** Records in a successful answer to `request` (0 when it is not a read). */
  countRecords(request: ProxiedRequest, status: number, body: Buffer): number;
  /** Rewrites the emulator's URL to the proxy's in an answer to `request`; by default every answer. */
  rewritesAnswer?(request: ProxiedRequest, status: number): boolean;
}

/** Where the proxy listens and what it forwards to. */
export interface FaultProxyOptions {
  /** The emulator's base URL (`http:` or `https:`). */
  readonly target: string;
  /** The CA the emulator's certificate chains to, for an `https:` target. */
  readonly targetCa?: string;
  /** A certificate for 127.0.0.1: the proxy then serves HTTPS. */
  readonly tls?: { readonly cert: string; readonly key: string };
  readonly dialect: FaultProxyDialect;
}

/** A loopback proxy in front of an emulator that counts calls and plays the conformance faults on the wire. */
export interface FaultProxy {
  /** `http(s)://127.0.0.1:PORT`. */
  readonly url: string;
  /** `127.0.0.1:PORT`. */
  readonly host: string;
  /** Text with the emulator's URL (and host) replaced by the proxy's. */
  rewrite(text: string): string;
  counters(): ProxyCounters;
  resetCounters(): void;
  /** The next `times` calls that take faults answer 429 with `Retry-After` of `retryAfterMs` (in decimal seconds). */
  rateLimit(retryAfterMs: number, times: number): void;
  /** The next `times` calls that take faults answer the dialect's 500. */
  failNext(times: number): void;
  /** The next API write (any method but GET) is applied, then its connection dropped before the answer. */
  loseNextWriteResponse(): void;
  /** The next `n` token requests (or all) are refused. */
  refuseTokens(n: number | 'always'): void;
  close(): Promise<void>;
}

const readBody = (message: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => resolve(Buffer.concat(chunks)));
    message.on('error', reject);
  });

/** Replaces `from` by `to`, also where it appears URL-encoded (token scopes, links in query strings). */
const replaceAll = (text: string, from: string, to: string): string => text.split(from).join(to).split(encodeURIComponent(from)).join(encodeURIComponent(to));

function send(response: ServerResponse, answer: CannedAnswer): void {
  response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  response.end(JSON.stringify(answer.body));
}

/**
 * Starts a proxy on loopback that forwards to the emulator at `target`, rewriting the emulator's URL
 * to its own in both directions (token answers, links, absolute URLs in batch bodies, `Location`
 * headers), so every later call passes through it too. The conformance harnesses read its counters
 * and inject faults here, on the wire, never inside the connector.
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const { target, targetCa, tls, dialect } = options;
  const forward = new URL(target).protocol === 'https:' ? httpsRequest : httpRequest;
  let calls = 0;
  let recordsSent = 0;
  let sessionRefreshes = 0;
  let rateLimits: { ms: number; times: number } | undefined;
  let failures = 0;
  let loseWrite = false;
  let refusals: number | 'always' = 0;
  const sockets = new Set<Socket>();
  let self = '';

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = Buffer.from(replaceAll((await readBody(request)).toString('latin1'), self, target), 'latin1');
    calls++;
    const proxied: ProxiedRequest = { method: request.method ?? 'GET', path: request.url ?? '/' };
    const isApi = dialect.isApi(proxied);
    const isToken = dialect.isToken(proxied);
    const takesFaults = dialect.takesFaults?.(proxied) ?? isApi;
    if (isToken) sessionRefreshes++;
    if (takesFaults && rateLimits && rateLimits.times > 0) {
      rateLimits.times--;
      return send(response, dialect.rateLimitAnswer(rateLimits.ms));
    }
    if (takesFaults && failures > 0) {
      failures--;
      return send(response, dialect.failureAnswer());
    }
    if (isToken && (refusals === 'always' || refusals > 0)) {
      if (refusals !== 'always') refusals--;
      return send(response, dialect.refusedTokenAnswer());
    }
    const lose = isApi && proxied.method !== 'GET' && loseWrite;
    if (lose) loseWrite = false;
    const forwarded = new URL(proxied.path, target);
    const headers = { ...request.headers, host: forwarded.host, 'content-length': String(body.length) };
    delete headers['transfer-encoding'];
    await new Promise<void>((resolve, reject) => {
      const outgoing = forward(forwarded, { method: proxied.method, headers, ca: targetCa }, (answer) => {
        void readBody(answer).then((raw) => {
          if (lose) {
            request.socket.destroy();
            resolve();
            return;
          }
          const status = answer.statusCode ?? 502;
          if (status === 200) recordsSent += dialect.countRecords(proxied, status, raw);
          const rewrite = dialect.rewritesAnswer?.(proxied, status) ?? true;
          const text = rewrite ? Buffer.from(replaceAll(raw.toString('latin1'), target, self), 'latin1') : raw;
          const out = { ...answer.headers };
          delete out['content-length'];
          delete out['transfer-encoding'];
          for (const name of ['location', 'odata-entityid']) {
            const value = out[name];
            if (typeof value === 'string') out[name] = replaceAll(value, target, self);
          }
          response.writeHead(status, { ...out, 'content-length': String(text.length) });
          response.end(text);
          resolve();
        }, reject);
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  };

  const onRequest = (request: IncomingMessage, response: ServerResponse): void => {
    handle(request, response).catch(() => request.socket.destroy());
  };
  const server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, onRequest) : createHttpServer(onRequest);
  server.on(tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  self = `${tls ? 'https' : 'http'}://${host}`;
  return {
    url: self,
    host,
    rewrite: (text) => replaceAll(text, target, self).split(new URL(target).host).join(host),
    counters: () => ({ recordsSent, sessionRefreshes, calls }),
    resetCounters() {
      calls = 0;
      recordsSent = 0;
      sessionRefreshes = 0;
    },
    rateLimit(ms, times) {
      rateLimits = { ms, times };
    },
    failNext(times) {
      failures += times;
    },
    loseNextWriteResponse() {
      loseWrite = true;
    },
    refuseTokens(n) {
      refusals = n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
