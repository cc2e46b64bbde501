import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startBridge, type RunningBridge } from '@fieldsync/bridge-server';
import { createBridgeTestBed, type BridgeTestBed } from '@fieldsync/bridge-server/testing';
import { createBridgeConnector, type BridgeConnector } from '@fieldsync/connector-bridge';

/**
 * Two bridges on one SQLite state file and one uploads directory stand for two workers of
 * `fieldsync serve --workers 2`: each request of an upload goes to the other one in turn.
 */
describe('bridge attachment uploads across two bridge processes sharing state and the uploads directory', () => {
  let dir: string;
  let bed: BridgeTestBed;
  let second: RunningBridge;
  let connector: BridgeConnector;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bridge-workers-'));
    const databaseUrl = path.join(dir, 'bridge.db');
    const attachments = { directory: path.join(dir, 'uploads') };
    bed = await createBridgeTestBed(databaseUrl, { records: 100, attachments });
    second = await startBridge({ crmStore: bed.crm, databaseUrl, port: 0, logLevel: 'silent', clock: bed.clock, attachments });
  });

  afterAll(async () => {
    await connector?.close();
    await second?.close();
    await bed?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates on one, sends chunks to both in turn and commits on either: one file, read back whole from the other', async () => {
    const routed: string[] = [];
    let turn = 0;
    const alternate = async (url: string, init: RequestInit): Promise<Response> => {
      const target = turn++ % 2 === 0 ? bed.bridge.url : second.url;
      const rewritten = url.replace(bed.bridge.url, target);
      routed.push(`${init.method ?? 'GET'} ${target === bed.bridge.url ? 'first' : 'second'}`);
      return fetch(rewritten, init);
    };
    connector = createBridgeConnector({
      url: bed.bridge.url,
      userName: 'alice',
      password: 'demo',
      deviceId: 'alice-phone',
      clock: bed.clock,
      streamFetch: alternate,
      uploadChunkBytes: 64 * 1024,
    });
    await connector.signIn();
    const page = await connector.readPage({ entity: 'annotation', pageSize: 20 });
    const mine = page.records.find((record) => record.fields.ownerid === connector.session()?.userId) ?? page.records[0];
    expect(mine).toBeDefined();
    const bytes = new Uint8Array(300 * 1024).map((_, i) => (i * 13) & 0xff);
    const ref = { entity: 'annotation', id: mine.id };
    const written = await connector.writeAttachment(ref, {
      fileName: 'two.bin',
      mimeType: 'application/octet-stream',
      body: bytes,
      idempotencyKey: randomUUID(),
    });
    expect(written.size).toBe(bytes.length);
    // POST, then five chunks: the requests went to both bridges.
    expect(routed).toEqual(['POST first', 'PUT second', 'PUT first', 'PUT second', 'PUT first', 'PUT second']);
    const content = await connector.readAttachment(ref);
    const chunks: Buffer[] = [];
    for await (const chunk of content.body) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true);
  });
});
