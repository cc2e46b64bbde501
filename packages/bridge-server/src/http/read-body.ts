import type { IncomingMessage } from 'node:http';
import { FieldsyncError } from '@fieldsync/model';

/** A request body over the bridge's limit; `received` is how much of it was read before it was refused. */
export class BodyTooLargeError extends FieldsyncError {
  constructor(
    readonly limit: number,
    readonly received = 0,
  ) {
    super('BODY_TOO_LARGE', `the request body exceeds the limit of ${limit} bytes`, { limit });
  }
}

/** The client went away before its request body was complete. */
export class BodyAbortedError extends FieldsyncError {
  constructor() {
    super('BODY_ABORTED', 'the client closed the connection before the request body was complete');
  }
}

/**
 * Reads a request body, refusing it with {@link BodyTooLargeError} as soon as it passes `limit` bytes
 * (declared or streamed). A refused body is left paused, never destroyed: the connection stays usable
 * to answer 413, and the caller decides how much of the rest to drain ({@link discardRequestBody}).
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLargeError(limit));
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stop();
        request.pause();
        reject(new BodyTooLargeError(limit, size));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    const onClose = () => {
      stop();
      reject(new BodyAbortedError());
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}
