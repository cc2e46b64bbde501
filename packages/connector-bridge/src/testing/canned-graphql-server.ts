import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** One request the canned server received. */
export interface CannedRequest {
  readonly operationName: string;
  readonly query: string;
  readonly variables: Record<string, unknown>;
  /** The Authorization header, if any. */
  readonly authorization: string | undefined;
}

/** What the canned server answers to one request. */
export interface CannedAnswer {
  /** @default 200 */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON, or as it is when a string. */
  readonly body?: unknown;
  /** Drop the connection instead of answering. */
  readonly drop?: boolean;
  /** Never answer (for timeouts). */
  readonly hang?: boolean;
}

/** A canned GraphQL server on loopback. */
export interface CannedGraphqlServer {
  /** Base URL, e.g. `http://127.0.0.1:43211`. */
  readonly url: string;
  /** Every request received, oldest first. */
  readonly requests: CannedRequest[];
  close(): Promise<void>;
}

/**
 * A tiny real HTTP(S) server on loopback that answers each GraphQL POST with what `answer` returns for
 * it: for the connector's wire-level tests (status codes, headers, bodies, dropped connections), never
 * a stand-in for the bridge's behaviour.
 */
export async function startCannedGraphqlServer(
  answer: (request: CannedRequest, index: number) => CannedAnswer | Promise<CannedAnswer>,
  tls?: { readonly cert: string; readonly key: string },
): Promise<CannedGraphqlServer> {
  const requests: CannedRequest[] = [];
  const listener = (incoming: IncomingMessage, response: ServerResponse): void => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      void (async () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
          operationName?: string;
          query?: string;
          variables?: Record<string, unknown>;
        };
        const request: CannedRequest = {
          operationName: body.operationName ?? '',
          query: body.query ?? '',
          variables: body.variables ?? {},
          authorization: incoming.headers.authorization,
        };
        requests.push(request);
        const canned = await answer(request, requests.length - 1);
        if (canned.hang) return;
        if (canned.drop) {
          incoming.socket.destroy();
          return;
        }
        const text = typeof canned.body === 'string' ? canned.body : JSON.stringify(canned.body ?? null);
        response.writeHead(canned.status ?? 200, { 'content-type': typeof canned.body === 'string' ? 'text/html' : 'application/json', ...canned.headers });
        response.end(text);
      })();
    });
  };
  const server: Server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, listener) : createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
