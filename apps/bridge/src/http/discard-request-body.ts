import type { IncomingMessage } from 'node:http';

/**
 * Reads and drops what is left of a refused request's body, so that a client still sending can finish
 * and then read the answer (instead of failing with EPIPE or a reset). Past `maxBytes` more, the
 * connection is closed: nobody gets to stream to the bridge for ever.
 */
export function discardRequestBody(request: IncomingMessage, maxBytes: number): void {
  if (request.complete || request.destroyed) return;
  let discarded = 0;
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > maxBytes) request.socket?.destroy();
  });
  // A client that goes away mid-body is not an error of the bridge's.
  request.on('error', () => undefined);
  request.resume();
}
