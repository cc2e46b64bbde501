import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBridgeTestBed, type BridgeTestBed } from '../testing/bridge-test-bed';

const LIMIT = 1024;
/** A body well over the limit and over what loopback sockets buffer (768 KiB), in 16 KiB chunks; under what the bridge drains (1 MiB). */
const CHUNKS = Array.from({ length: 48 }, () => Buffer.alloc(16 * 1024, 'x'));

interface Answer {
  readonly status: number;
  readonly body: string;
  /** A client-side error seen while sending (EPIPE, ECONNRESET), if any. */
  readonly sendError?: string;
}

/** Posts the chunks with node:http, chunked unless `contentLength`, and reads the answer. */
function postWithNodeHttp(url: string, contentLength: boolean): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const total = CHUNKS.reduce((sum, chunk) => sum + chunk.length, 0);
    let sendError: string | undefined;
    const request = httpRequest(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(contentLength ? { 'content-length': String(total) } : {}) },
    });
    request.on('response', (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), ...(sendError ? { sendError } : {}) }));
      response.on('error', reject);
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      sendError = error.code ?? error.message;
      // An error before any response is the failure this test looks for.
      reject(error);
    });
    for (const chunk of CHUNKS) request.write(chunk);
    request.end();
  });
}

describe('the request body limit over loopback', () => {
  let bed: BridgeTestBed;
  let dir: string;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-body-limit-'));
    bed = await createBridgeTestBed(`sqlite:${path.join(dir, 'bridge.db')}`, { maxBodyBytes: LIMIT });
  });
  afterAll(async () => {
    await bed.close();
    rmSync(dir, { recursive: true, force: true });
    process.off('unhandledRejection', onUnhandled);
  });

  it.each([
    ['chunked', false],
    ['Content-Length', true],
  ])('answers 413 BODY_TOO_LARGE to node:http for a %s body over the limit, and stays up', async (_framing, contentLength) => {
    const answer = await postWithNodeHttp(bed.bridge.url, contentLength);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ errors: [{ extensions: { code: 'BODY_TOO_LARGE' } }] });
    expect(answer.sendError).toBeUndefined();
    expect(unhandled).toEqual([]);
    expect((await fetch(`${bed.bridge.url}/healthz`)).status).toBe(200);
    expect((await bed.gql('{ __typename }')).status).toBe(200);
  });

  it.each([
    ['chunked', false],
    ['Content-Length', true],
  ])('answers 413 BODY_TOO_LARGE to fetch (undici) for a %s body over the limit, and stays up', async (_framing, contentLength) => {
    // Node's fetch is undici: a stream body goes chunked, a buffer with its Content-Length.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of CHUNKS) controller.enqueue(chunk);
        controller.close();
      },
    });
    const answer = await fetch(`${bed.bridge.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: contentLength ? Buffer.concat(CHUNKS) : stream,
      duplex: 'half',
    } as RequestInit);
    expect(answer.status).toBe(413);
    expect(await answer.json()).toMatchObject({ errors: [{ extensions: { code: 'BODY_TOO_LARGE' } }] });
    expect(unhandled).toEqual([]);
    expect((await fetch(`${bed.bridge.url}/healthz`)).status).toBe(200);
    expect((await bed.gql('{ __typename }')).status).toBe(200);
  });

  it('drops the connection of a client that keeps sending far past the limit, and stays up', async () => {
    // A raw socket: it never closes by itself, so only the bridge can end the exchange.
    const { port } = new URL(bed.bridge.url);
    const outcome = await new Promise<{ sent: number; answer: string }>((resolve) => {
      // allowHalfOpen: the bridge's FIN after its answer must not end our side; only its reset may stop us.
      const socket = connect({ port: Number(port), host: '127.0.0.1', allowHalfOpen: true });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
      let sent = 0;
      let answer = '';
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        socket.destroy();
        resolve({ sent, answer });
      };
      const pump = () => {
        // Up to 64 MiB, far more than the bridge drains (1 MiB beyond a 1 KiB limit) plus what sockets buffer.
        while (!done && sent < 64 * 1024 * 1024) {
          sent += chunk.length;
          if (!socket.write(frame)) return void socket.once('drain', pump);
        }
        if (!done) socket.end('0\r\n\r\n');
      };
      socket.on('data', (data: Buffer) => (answer += data.toString('latin1')));
      socket.on('close', finish);
      socket.on('error', finish);
      socket.write('POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n', pump);
    });
    expect(outcome.sent).toBeLessThan(64 * 1024 * 1024);
    expect(outcome.answer).toBe('');
    expect(unhandled).toEqual([]);
    expect((await fetch(`${bed.bridge.url}/healthz`)).status).toBe(200);
  });
});
