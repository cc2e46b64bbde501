import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

/**
 * Streams a body to a response whose head is written, and resolves when the response closes; a
 * failing source ends the response (the client sees a cut body, never a short one taken as whole).
 */
export async function streamBody(response: ServerResponse, body: AsyncIterable<Uint8Array>): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const source = Readable.from(body);
    source.on('error', (error) => {
      response.destroy(error);
      reject(error);
    });
    response.on('close', () => {
      source.destroy();
      resolve();
    });
    source.pipe(response);
  });
}
