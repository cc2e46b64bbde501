import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A proxy on loopback in front of a bridge that records the GraphQL operation of every request it passes. */
export interface CountingBridgeProxy {
  /** The proxy's base URL: give it to the connector instead of the bridge's. */
  readonly url: string;
  /** The operation names of the requests passed so far, in order (`?` for a body that names none). */
  operations(): readonly string[];
  /** Forgets the requests passed so far. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts a plain HTTP proxy on 127.0.0.1 that forwards every request to the bridge at `target`
 * unchanged and records each POSTed GraphQL operation's `operationName`, so a spec can state exactly
 * which requests a device made.
 */
export async function startCountingBridgeProxy(target: string): Promise<CountingBridgeProxy> {
  const upstream = new URL(target);
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      if (incoming.method === 'POST') seen.push(operationOf(body));
      const forwarded = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: upstream.host } },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forwarded.on('error', (error) => {
        outgoing.writeHead(502, { 'content-type': 'text/plain' });
        outgoing.end(`proxy: ${error.message}`);
      });
      forwarded.end(body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    operations: () => [...seen],
    reset: () => void seen.splice(0),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function operationOf(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { operationName?: unknown };
    return typeof parsed.operationName === 'string' ? parsed.operationName : '?';
  } catch {
    return '?';
  }
}
