import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { createDeviceApi } from '@fieldsync/device-api';
import { discardRequestBody } from './discard-request-body';
import { BodyAbortedError, BodyTooLargeError, readBody } from './read-body';
import { CONSOLE_PATH, serveConsole } from './serve-console';
import { streamEvents } from './stream-events';

/** What the bridge reads and drops of a refused body at least, before it closes the connection. */
const MIN_DRAIN_BYTES = 1024 * 1024;

/** What the listener needs besides the GraphQL API. */
export interface RequestListenerOptions {
  readonly api: ReturnType<typeof createDeviceApi>;
  readonly logger: Logger;
  /** Largest request body, bytes. */
  readonly maxBodyBytes: number;
  /** Answers the health endpoint's details. */
  readonly health: () => Promise<Record<string, unknown>>;
  /** The scheme the bridge is served on (for request URLs). */
  readonly scheme: 'http' | 'https';
  /** The built admin console served at `/console` (503 there while it is not built). */
  readonly consoleDir?: string;
  /** The attachment routes (`createAttachmentRoutes`): answer a status, or undefined for a path that is not theirs. */
  readonly attachments?: (request: IncomingMessage, response: ServerResponse, url: URL, clientAddress: string | undefined) => Promise<number | undefined>;
}

/**
 * The bridge's HTTP routes: `GET /healthz` (200 with details, or 503 when a dependency fails),
 * `/graphql` (the API, with the body limit enforced before parsing; subscriptions streamed as
 * server-sent events), the admin console at `/console` (see `serveConsole`), the attachment routes
 * `/attachments/...` and `/uploads/...` when given (docs/decisions/167), 404 for anything else.
 * Every request is logged once with its status and duration.
 */
export function createRequestListener(options: RequestListenerOptions) {
  const { api, logger } = options;
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = performance.now();
    // Read now: once the connection closes, `request.socket` is null.
    const remote = request.socket?.remoteAddress;
    const url = new URL(request.url ?? '/', `${options.scheme}://${request.headers.host ?? 'localhost'}`);
    const finish = (status: number) =>
      logger.info({ event: 'http', method: request.method, path: url.pathname, status, ms: Math.round(performance.now() - started), remote }, 'request');
    try {
      if (url.pathname === '/healthz' || url.pathname === '/health') {
        let status = 200;
        let body: Record<string, unknown>;
        try {
          body = { status: 'ok', ...(await options.health()) };
        } catch (error) {
          // Anyone may call this: the cause (a driver's message, a host name) goes to the log only.
          status = 503;
          body = { status: 'unavailable', error: 'a dependency of the bridge failed; see the bridge log' };
          logger.error({ event: 'health.failed', err: { message: (error as Error).message, stack: (error as Error).stack } }, 'health check failed');
        }
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        finish(status);
        return;
      }
      if (url.pathname === CONSOLE_PATH || url.pathname.startsWith(`${CONSOLE_PATH}/`)) {
        finish(await serveConsole(request, response, url.pathname, options.consoleDir));
        return;
      }
      const attachmentStatus = url.pathname === '/graphql' ? undefined : await options.attachments?.(request, response, url, remote);
      if (attachmentStatus !== undefined) {
        finish(attachmentStatus);
        return;
      }
      if (url.pathname !== '/graphql') {
        response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `no route ${url.pathname}; the API is at /graphql` }));
        finish(404);
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (value === undefined) continue;
        for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
      }
      const method = request.method ?? 'GET';
      const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(request, options.maxBodyBytes);
      // The peer address goes to the API as server context: the sign-in limit counts by it.
      const answer = await api.fetch(url, { method, headers, ...(body ? { body } : {}) }, { clientAddress: remote });
      const outgoing: Record<string, string> = {};
      answer.headers.forEach((value, name) => void (outgoing[name] = value));
      response.writeHead(answer.status, outgoing);
      if (answer.body && (answer.headers.get('content-type') ?? '').startsWith('text/event-stream')) await streamEvents(answer.body, request, response);
      else response.end(Buffer.from(await answer.arrayBuffer()));
      finish(answer.status);
    } catch (error) {
      const tooLarge = error instanceof BodyTooLargeError;
      const aborted = error instanceof BodyAbortedError;
      const status = tooLarge ? 413 : aborted ? 400 : 500;
      if (status === 500) logger.error({ event: 'http.error', err: { message: (error as Error).message, stack: (error as Error).stack } }, 'request failed');
      // Read (and drop) the rest of a refused body before answering: a client still sending would
      // otherwise meet a closed connection (EPIPE, a reset) instead of the 413. Past the bound, the
      // connection is dropped without an answer.
      // The bound counts the whole body: a body refused by its Content-Length has had nothing read yet.
      const drainBound = options.maxBodyBytes + Math.max(options.maxBodyBytes, MIN_DRAIN_BYTES) - (tooLarge ? (error as BodyTooLargeError).received : 0);
      const answerable = tooLarge ? await discardRequestBody(request, Math.max(drainBound, 0)) : true;
      if (answerable && !response.headersSent && !response.destroyed) {
        const known = tooLarge || aborted ? (error as BodyTooLargeError | BodyAbortedError) : undefined;
        const body = JSON.stringify({
          errors: [{ message: known?.message ?? 'internal error', extensions: { code: known?.code ?? 'INTERNAL_SERVER_ERROR' } }],
        });
        response.writeHead(status, { 'content-type': 'application/json', connection: 'close' }).end(body);
      } else response.end();
      finish(status);
    }
  };
}
