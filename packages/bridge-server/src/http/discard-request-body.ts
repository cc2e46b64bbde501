import type { IncomingMessage } from 'node:http';

/**
 * Reads and drops what is left of a refused request's body, so that a client still sending can
 * finish and then read the answer (instead of failing with EPIPE or a reset): answer only after it
 * resolves. Resolves true once the body has ended; false when the body went past `maxBytes` more (the
 * connection is then destroyed: nobody gets to stream to the bridge for ever) or the client left.
 */
export function discardRequestBody(request: IncomingMessage, maxBytes: number): Promise<boolean> {
  if (request.complete) return Promise.resolve(true);
  if (request.destroyed) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    let discarded = 0;
    const settle = (drained: boolean) => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('close', onClose);
      resolve(drained);
    };
    const onData = (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded <= maxBytes) return;
      request.socket?.destroy();
      settle(false);
    };
    const onEnd = () => settle(true);
    const onClose = () => settle(request.complete);
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('close', onClose);
    // A client that goes away mid-body is not an error of the bridge's.
    request.on('error', () => undefined);
    request.resume();
  });
}
