import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the proxy counted since the last reset. */
export interface ProxyCounters {
  /** Records in query answers (`/query`, `/queryAll` and their locators) sent to the connector. */
  readonly recordsSent: number;
  readonly sessionRefreshes: number;
  readonly calls: number;
}

/** A loopback HTTP proxy in front of the Salesforce emulator that counts calls and plays the conformance faults. */
export interface CountingProxy {
  readonly url: string;
  counters(): ProxyCounters;
  resetCounters(): void;
  /** The next `times` calls answer 429 with `Retry-After` of `retryAfterMs` (in decimal seconds). */
  rateLimit(retryAfterMs: number, times: number): void;
  /** The next `times` calls answer 500 `UNKNOWN_EXCEPTION`. */
  failNext(times: number): void;
  /** The next write (POST/PATCH/DELETE of the REST API) is applied, then its connection dropped. */
  loseNextWriteResponse(): void;
  /** The next `n` token requests (or all) answer 400 `invalid_grant`. */
  refuseTokens(n: number | 'always'): void;
  close(): Promise<void>;
}

const readBody = (request: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });

/**
 * Starts a proxy on loopback that forwards to `target` (the emulator), rewriting the token answer's
 * `instance_url` and `id` so every later call passes through it too. The conformance harness reads
 * its counters and injects faults here, on the wire, never inside the connector.
 */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
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
    const body = await readBody(request);
    calls++;
    const path = request.url ?? '/';
    const isToken = path.startsWith('/services/oauth2/token');
    if (isToken) sessionRefreshes++;
    if (rateLimits && rateLimits.times > 0) {
      rateLimits.times--;
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(rateLimits.ms / 1000) });
      response.end(JSON.stringify([{ message: 'Too many requests', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]));
      return;
    }
    if (failures > 0) {
      failures--;
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify([{ message: 'An unexpected error occurred (injected)', errorCode: 'UNKNOWN_EXCEPTION' }]));
      return;
    }
    if (isToken && (refusals === 'always' || refusals > 0)) {
      if (refusals !== 'always') refusals--;
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'invalid_grant', error_description: 'authentication failure' }));
      return;
    }
    const isWrite = path.startsWith('/services/data/') && request.method !== 'GET';
    const lose = isWrite && loseWrite;
    if (lose) loseWrite = false;
    const forwarded = new URL(path, target);
    const headers = { ...request.headers, host: forwarded.host };
    await new Promise<void>((resolve, reject) => {
      const outgoing = httpRequest(forwarded, { method: request.method, headers }, (answer) => {
        void readBody(answer).then((raw) => {
          if (lose) {
            request.socket.destroy();
            resolve();
            return;
          }
          if (request.method === 'GET' && /^\/services\/data\/v[\d.]+\/query(All)?[/?]/.test(path) && answer.statusCode === 200) {
            try {
              const page = JSON.parse(raw.toString('utf8')) as { records?: unknown[] };
              recordsSent += Array.isArray(page.records) ? page.records.length : 0;
            } catch {
              // Not JSON: nothing to count; the connector reports the broken page itself.
            }
          }
          let text = raw;
          if (isToken && answer.statusCode === 200) text = Buffer.from(raw.toString('utf8').split(target).join(self), 'utf8');
          const out = { ...answer.headers };
          delete out['content-length'];
          delete out['transfer-encoding'];
          response.writeHead(answer.statusCode ?? 502, { ...out, 'content-length': String(text.length) });
          response.end(text);
          resolve();
        }, reject);
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => request.socket.destroy());
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  self = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: self,
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
