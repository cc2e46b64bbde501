import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createBridgeConnector, type BridgeConnector } from '@fieldsync/connector-bridge';
import { AttachmentTooLargeError, type AttachmentContent } from '@fieldsync/connector-api';
import { createConformanceRecordGenerator, type ConformanceUser } from '@fieldsync/connector-testkit';
import { FieldsyncError } from '@fieldsync/model';
import { startFaultProxy, type FaultProxy } from '../wire/fault-proxy';
import { startConformanceBridge, type ConformanceBridge } from './start-conformance-bridge';

const MAX_BYTES = 3 * 1024 * 1024;
/** Shorter than the access tokens' hour, so a token made before the clock moves still works after. */
const SESSION_TTL_MS = 1_800_000;
const MiB = 1024 * 1024;

/** Deterministic bytes, so a range or a resumed upload compares exactly. */
function sample(length: number, seed = 7): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + seed + (i >> 9)) & 0xff;
  return bytes;
}

async function bytesOf(content: AttachmentContent): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of content.body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** An AsyncIterable of `bytes` in pieces of 100 000 bytes (not a multiple of the chunk size). */
async function* pieces(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += 100_000) yield bytes.slice(at, at + 100_000);
}

/** A fetch that, once `drop(url, init)` says so, sends the request and then loses its answer (as a cut connection does). */
function losingFetch(drop: (url: string, init: RequestInit) => boolean) {
  const log: string[] = [];
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    log.push(`${init.method ?? 'GET'} ${new URL(url).pathname}`);
    const response = await globalThis.fetch(url, init);
    if (drop(url, init)) {
      await response.arrayBuffer();
      throw new TypeError('fetch failed: the connection was cut before the answer arrived');
    }
    return response;
  };
  return { fetch, log };
}

describe('bridge attachment routes (real bridge on loopback, real SQLite CRM)', () => {
  let bridge: ConformanceBridge;
  let uploadsDir: string;
  const connectors: BridgeConnector[] = [];

  beforeAll(async () => {
    uploadsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bridge-uploads-spec-'));
    bridge = await startConformanceBridge({ attachments: { directory: uploadsDir, maxBytes: MAX_BYTES, sessionTtlMs: SESSION_TTL_MS } });
  });

  afterAll(async () => {
    await Promise.all(connectors.map((connector) => connector.close()));
    await bridge.close();
    fs.rmSync(uploadsDir, { recursive: true, force: true });
  });

  async function connect(user: ConformanceUser, extra: Partial<Parameters<typeof createBridgeConnector>[0]> = {}, url = bridge.url): Promise<BridgeConnector> {
    const connector = createBridgeConnector({
      url,
      userName: user,
      password: bridge.password,
      deviceId: `files-${user}-${connectors.length}`,
      clock: bridge.clock,
      ...extra,
    });
    connectors.push(connector);
    await connector.signIn();
    return connector;
  }

  async function note(owner: ConformanceUser = 'alice'): Promise<string> {
    const [id] = await bridge.control.seed('annotation', createConformanceRecordGenerator(Math.floor(Math.random() * 1e6)).notes(1), owner);
    return id;
  }

  const tokenOf = (connector: BridgeConnector) => connector.session()!.accessToken;

  it('answers a range with 206 and its Content-Range, the whole with 200, and an unsatisfiable range with 416', async () => {
    const alice = await connect('alice');
    const id = await note();
    const bytes = sample(64 * 1024);
    await alice.writeAttachment(
      { entity: 'annotation', id },
      { fileName: 'report é.pdf', mimeType: 'application/pdf', body: bytes, idempotencyKey: randomUUID() },
    );
    const headers = { authorization: `Bearer ${tokenOf(alice)}` };
    const whole = await fetch(`${bridge.url}/attachments/annotation/${id}`, { headers });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-length')).toBe(String(bytes.length));
    expect(whole.headers.get('content-type')).toBe('application/pdf');
    expect(whole.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('report é.pdf')}`);
    expect(Buffer.from(await whole.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);

    const part = await fetch(`${bridge.url}/attachments/annotation/${id}`, { headers: { ...headers, range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`);
    expect(part.headers.get('content-length')).toBe('100');
    expect(Buffer.from(await part.arrayBuffer()).equals(Buffer.from(bytes.subarray(100, 200)))).toBe(true);

    const tail = await fetch(`${bridge.url}/attachments/annotation/${id}`, { headers: { ...headers, range: `bytes=${bytes.length - 5}-` } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(Buffer.from(bytes.subarray(bytes.length - 5)))).toBe(true);

    const beyond = await fetch(`${bridge.url}/attachments/annotation/${id}`, { headers: { ...headers, range: `bytes=${bytes.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
    expect(((await beyond.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('RANGE_NOT_SATISFIABLE');

    const malformed = await fetch(`${bridge.url}/attachments/annotation/${id}`, { headers: { ...headers, range: 'bytes=0-1,5-9' } });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('RANGE_HEADER_INVALID');
  });

  it('refuses a request without a token (401) and never sends another user the bytes of a note they cannot read', async () => {
    const alice = await connect('alice');
    const carol = await connect('carol');
    const id = await note('alice');
    await alice.writeAttachment(
      { entity: 'annotation', id },
      { fileName: 'a.bin', mimeType: 'application/octet-stream', body: sample(1000), idempotencyKey: randomUUID() },
    );

    const anonymous = await fetch(`${bridge.url}/attachments/annotation/${id}`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const refused = await fetch(`${bridge.url}/attachments/annotation/${id}`, { headers: { authorization: `Bearer ${tokenOf(carol)}` } });
    expect([403, 404]).toContain(refused.status);
    expect(refused.headers.get('content-type')).toBe('application/json');
    await expect(carol.readAttachment({ entity: 'annotation', id })).rejects.toThrow(FieldsyncError);
    // Nor may carol write onto it: the commit runs as carol, the CRM refuses, and her bytes are not kept.
    const sessionsBefore = fs.readdirSync(uploadsDir).sort();
    await expect(
      carol.writeAttachment(
        { entity: 'annotation', id },
        { fileName: 'c.bin', mimeType: 'application/octet-stream', body: sample(10), idempotencyKey: randomUUID() },
      ),
    ).rejects.toThrow(FieldsyncError);
    expect(fs.readdirSync(uploadsDir).sort()).toEqual(sessionsBefore);
    expect((await bytesOf(await alice.readAttachment({ entity: 'annotation', id }))).equals(Buffer.from(sample(1000)))).toBe(true);
  });

  it('resumes an upload whose chunk answer was lost: asks the offset and continues, from an AsyncIterable', async () => {
    let puts = 0;
    const { fetch, log } = losingFetch((_, init) => init.method === 'PUT' && ++puts === 1);
    const alice = await connect('alice', { streamFetch: fetch });
    const id = await note();
    const bytes = sample(2 * MiB + 12_345, 3);
    const written = await alice.writeAttachment(
      { entity: 'annotation', id },
      { fileName: 'photo.jpg', mimeType: 'image/jpeg', body: pieces(bytes), idempotencyKey: randomUUID() },
    );
    expect(written.size).toBe(bytes.length);
    // The first chunk went through, its answer was lost; the connector asked where the upload stood and sent the next.
    expect(log.filter((line) => !line.startsWith('POST /graphql'))).toEqual([
      expect.stringMatching(/^POST \/attachments\/annotation\/.+\/uploads$/),
      expect.stringMatching(/^PUT \/uploads\//),
      expect.stringMatching(/^GET \/uploads\//),
      expect.stringMatching(/^PUT \/uploads\//),
      expect.stringMatching(/^PUT \/uploads\//),
    ]);
    expect((await bytesOf(await alice.readAttachment({ entity: 'annotation', id }))).equals(Buffer.from(bytes))).toBe(true);
  });

  it('resumes a raw upload cut mid-way: the session answers its offset, and a chunk at the wrong offset is refused', async () => {
    const alice = await connect('alice');
    const id = await note();
    const bytes = sample(300_000, 9);
    const headers = { authorization: `Bearer ${tokenOf(alice)}` };
    const created = await fetch(`${bridge.url}/attachments/annotation/${id}/uploads`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ fileName: 'cut.bin', mimeType: 'application/octet-stream', size: bytes.length, idempotencyKey: randomUUID() }),
    });
    expect(created.status).toBe(201);
    const { uploadId, offset } = (await created.json()) as { uploadId: string; offset: number };
    expect(offset).toBe(0);
    const put = (start: number, end: number) =>
      fetch(`${bridge.url}/uploads/${uploadId}`, {
        method: 'PUT',
        headers: { ...headers, 'content-range': `bytes ${start}-${end - 1}/${bytes.length}` },
        body: bytes.slice(start, end),
      });
    expect((await put(0, 100_000)).status).toBe(200);
    // The device lost the answer: it asks.
    const state = (await (await fetch(`${bridge.url}/uploads/${uploadId}`, { headers })).json()) as { offset: number; result: unknown };
    expect(state).toMatchObject({ offset: 100_000, result: null });
    const wrong = await put(0, 100_000);
    expect(wrong.status).toBe(409);
    expect(((await wrong.json()) as { errors: { extensions: { code: string; details: { offset: number } } }[] }).errors[0].extensions).toMatchObject({
      code: 'UPLOAD_OFFSET_MISMATCH',
      details: { offset: 100_000 },
    });
    const last = await put(100_000, bytes.length);
    expect(last.status).toBe(200);
    expect(((await last.json()) as { result: { size: number } }).result.size).toBe(bytes.length);
    // Another user does not see the session.
    const carol = await connect('carol');
    expect((await fetch(`${bridge.url}/uploads/${uploadId}`, { headers: { authorization: `Bearer ${tokenOf(carol)}` } })).status).toBe(404);
    expect((await bytesOf(await alice.readAttachment({ entity: 'annotation', id }))).equals(Buffer.from(bytes))).toBe(true);
  });

  describe('through the fault proxy', () => {
    let proxy: FaultProxy;
    beforeAll(async () => {
      proxy = await startFaultProxy({
        target: bridge.url,
        dialect: {
          isApi: (request) => request.method === 'PUT' && request.path.startsWith('/uploads/'),
          isToken: () => false,
          rateLimitAnswer: (retryAfterMs) => ({ status: 429, headers: { 'retry-after': String(retryAfterMs / 1000) }, body: {} }),
          failureAnswer: () => ({ status: 500, body: {} }),
          refusedTokenAnswer: () => ({ status: 401, body: {} }),
          countRecords: () => 0,
          rewritesAnswer: () => false,
        },
      });
    });
    afterAll(async () => proxy.close());

    it('a lost commit answer creates one attachment, and the same idempotency key answers the first result', async () => {
      const { fetch, log } = losingFetch(() => false);
      const alice = await connect('alice', { streamFetch: fetch }, proxy.url);
      const id = await note();
      const bytes = sample(200_000, 5);
      const upload = { fileName: 'signed.pdf', mimeType: 'application/pdf', body: bytes, idempotencyKey: randomUUID() };
      proxy.loseNextWriteResponse();
      const first = await alice.writeAttachment({ entity: 'annotation', id }, upload);
      const again = await alice.writeAttachment({ entity: 'annotation', id }, upload);
      expect(again).toEqual(first);
      // The proxy dropped the commit's answer: the connector asked where the upload stood and found it committed.
      expect(log.filter((line) => !line.startsWith('POST /graphql'))).toEqual([
        expect.stringMatching(/^POST \/attachments\//),
        expect.stringMatching(/^PUT \/uploads\//),
        expect.stringMatching(/^GET \/uploads\//),
        expect.stringMatching(/^POST \/attachments\//),
      ]);
      expect(first.size).toBe(bytes.length);
      const stored = await alice.readAttachment({ entity: 'annotation', id });
      expect(stored.size).toBe(bytes.length);
      expect((await bytesOf(stored)).equals(Buffer.from(bytes))).toBe(true);
    });
  });

  it(`refuses a file over the limit with AttachmentTooLargeError and writes nothing, declared or streamed`, async () => {
    const alice = await connect('alice');
    const id = await note();
    const sessionsBefore = fs.readdirSync(uploadsDir).sort();
    const declared = alice.writeAttachment(
      { entity: 'annotation', id },
      { fileName: 'big.bin', mimeType: 'application/octet-stream', body: new Uint8Array(MAX_BYTES + 1), idempotencyKey: randomUUID() },
    );
    await expect(declared).rejects.toBeInstanceOf(AttachmentTooLargeError);
    const streamed = alice.writeAttachment(
      { entity: 'annotation', id },
      { fileName: 'big.bin', mimeType: 'application/octet-stream', body: pieces(new Uint8Array(MAX_BYTES + 1)), idempotencyKey: randomUUID() },
    );
    await expect(streamed).rejects.toBeInstanceOf(AttachmentTooLargeError);
    const missing = await alice.readAttachment({ entity: 'annotation', id }).catch((error: unknown) => error);
    expect((missing as FieldsyncError).code).toBe('STORE_NOT_FOUND');
    // Neither upload left a session or bytes behind.
    expect(fs.readdirSync(uploadsDir).sort()).toEqual(sessionsBefore);
  });

  it('removes an abandoned upload session once it is older than its lifetime on the bridge clock', async () => {
    const alice = await connect('alice');
    const id = await note();
    const headers = { authorization: `Bearer ${tokenOf(alice)}`, 'content-type': 'application/json' };
    const create = async () =>
      (await (
        await fetch(`${bridge.url}/attachments/annotation/${id}/uploads`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ fileName: 'x.bin', mimeType: 'application/octet-stream', size: 10, idempotencyKey: randomUUID() }),
        })
      ).json()) as { uploadId: string };
    const abandoned = await create();
    expect(fs.existsSync(path.join(uploadsDir, `${abandoned.uploadId}.part`))).toBe(true);
    await bridge.control.advanceClock(SESSION_TTL_MS + 1);
    const fresh = await create();
    const gone = await fetch(`${bridge.url}/uploads/${abandoned.uploadId}`, { headers: { authorization: `Bearer ${tokenOf(alice)}` } });
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UPLOAD_NOT_FOUND');
    expect(fs.existsSync(path.join(uploadsDir, `${abandoned.uploadId}.part`))).toBe(false);
    expect(fs.existsSync(path.join(uploadsDir, `${fresh.uploadId}.json`))).toBe(true);
  });
});
