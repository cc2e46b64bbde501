import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Writes a server-sent events body (a subscription) to the client as it comes, and ends the
 * subscription when the client goes away or the bridge closes the connection.
 */
export async function streamEvents(body: ReadableStream<Uint8Array>, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const reader = body.getReader();
  const stop = () => void reader.cancel().catch(() => undefined);
  request.socket?.once('close', stop);
  response.flushHeaders();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      response.write(value);
    }
  } finally {
    request.socket?.off('close', stop);
    response.end();
  }
}
