import { createServer, request as httpsRequest } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the proxy counted since the last reset. */
export interface ProxyCounters {
  /**
   * Records in entity set pages sent to the connector: rows of a `value` array that carry more than
   * their key (the key-only rows of the change-tracking scan that takes a delta link hold no data a
   * client could filter; docs/decisions/096).
   */
  readonly recordsSent: number;
  /** Token requests (msal's POSTs to the token endpoint). */
  readonly sessionRefreshes: number;
  readonly calls: number;
}

/** A loopback HTTPS proxy in front of the Dataverse emulator that counts calls and plays the conformance faults. */
export interface CountingProxy {
  /** `https://127.0.0.1:PORT`. */
  readonly url: string;
  /** `127.0.0.1:PORT`, for msal's `knownAuthorities`. */
  readonly host: string;
  /** The PEM certificate the proxy serves; clients trust it as their `ca`. */
  readonly ca: string;
  /** Text with the emulator's URL replaced by the proxy's (authority metadata, links). */
  rewrite(text: string): string;
  counters(): ProxyCounters;
  resetCounters(): void;
  /** The next `times` API calls answer 429 with `Retry-After` of `retryAfterMs` (in decimal seconds). */
  rateLimit(retryAfterMs: number, times: number): void;
  /** The next `times` API calls answer 500 with Dataverse's error JSON. */
  failNext(times: number): void;
  /** The next API write (any method but GET) is applied, then its connection dropped before the answer. */
  loseNextWriteResponse(): void;
  /** The next `n` token requests (or all) answer 400 `invalid_grant` AADSTS50126. */
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

const replaceAll = (text: string, from: string, to: string): string => text.split(from).join(to).split(encodeURIComponent(from)).join(encodeURIComponent(to));

/** Rows of an entity set page that carry data beyond their key and annotations. */
function dataRows(body: Buffer): number {
  try {
    const page = JSON.parse(body.toString('utf8')) as { value?: unknown };
    if (!Array.isArray(page.value)) return 0;
    return page.value.filter((row) => typeof row === 'object' && row !== null && Object.keys(row).filter((name) => !name.includes('@')).length > 1).length;
  } catch {
    return 0;
  }
}

/**
 * Starts a proxy on loopback HTTPS (with `tls`, a certificate for 127.0.0.1) that forwards to the
 * emulator at `target` trusting `targetCa`, rewriting the emulator's URL to its own in both
 * directions (links in answers, absolute URLs in `$batch` bodies, the token scope). The conformance
 * harness reads its counters and injects faults here, on the wire, never inside the connector.
 */
export async function startCountingProxy(target: string, targetCa: string, tls: { readonly cert: string; readonly key: string }): Promise<CountingProxy> {
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
    const path = request.url ?? '/';
    const isApi = path.startsWith('/api/');
    const isToken = !isApi && request.method === 'POST';
    if (isToken) sessionRefreshes++;
    if (isApi && rateLimits && rateLimits.times > 0) {
      rateLimits.times--;
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(rateLimits.ms / 1000) });
      response.end(
        JSON.stringify({ error: { code: '0x80072322', message: 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.' } }),
      );
      return;
    }
    if (isApi && failures > 0) {
      failures--;
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: '0x80040216', message: 'An unexpected error occurred (injected).' } }));
      return;
    }
    if (isToken && (refusals === 'always' || refusals > 0)) {
      if (refusals !== 'always') refusals--;
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          error: 'invalid_grant',
          error_description: 'AADSTS50126: Error validating credentials due to invalid username or password.',
          error_codes: [50126],
        }),
      );
      return;
    }
    const lose = isApi && request.method !== 'GET' && loseWrite;
    if (lose) loseWrite = false;
    const forwarded = new URL(path, target);
    const headers = { ...request.headers, host: forwarded.host, 'content-length': String(body.length) };
    delete headers['transfer-encoding'];
    await new Promise<void>((resolve, reject) => {
      const outgoing = httpsRequest(forwarded, { method: request.method, headers, ca: targetCa }, (answer) => {
        void readBody(answer).then((raw) => {
          if (lose) {
            request.socket.destroy();
            resolve();
            return;
          }
          if (isApi && request.method === 'GET' && answer.statusCode === 200 && !/^\/api\/data\/v[\d.]+\/(EntityDefinitions|WhoAmI|systemusers)/.test(path))
            recordsSent += dataRows(raw);
          const text = Buffer.from(replaceAll(raw.toString('latin1'), target, self), 'latin1');
          const out = { ...answer.headers };
          delete out['content-length'];
          delete out['transfer-encoding'];
          for (const name of ['location', 'odata-entityid']) {
            const value = out[name];
            if (typeof value === 'string') out[name] = replaceAll(value, target, self);
          }
          response.writeHead(answer.statusCode ?? 502, { ...out, 'content-length': String(text.length) });
          response.end(text);
          resolve();
        }, reject);
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  };

  const server = createServer({ cert: tls.cert, key: tls.key }, (request, response) => {
    handle(request, response).catch(() => request.socket.destroy());
  });
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  self = `https://${host}`;
  return {
    url: self,
    host,
    ca: tls.cert,
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
