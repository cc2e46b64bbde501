import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBridgeTestBed, type BridgeTestBed } from '@fieldsync/bridge-server/testing';
import type { AttachmentEntry } from '@fieldsync/sync-core';
import { captureIo } from '../cli/capture-io';
import { runCli } from '../cli/run-cli';

/**
 * `fieldsync device files` through a real bridge over loopback: the notes' bodies within the published
 * customization reach the device, a photo attached on the device goes up once, and one is fetched on
 * request. Needs the bridge connector's attachment streams (issue 13 §2, the bridge half).
 */
describe('fieldsync device files through the bridge', () => {
  let bed: BridgeTestBed;
  let dir: string;
  let admin: string;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-device-files-bridge-'));
    bed = await createBridgeTestBed(path.join(dir, 'bridge.db'), { tokenTtlMs: 3_600_000, startAt: Date.now(), records: 600 });
    admin = await bed.admin();
  });

  afterEach(async () => {
    await bed.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (...argv: string[]) => {
    const io = captureIo(dir);
    const code = await runCli(argv, io);
    return { code, out: io.stdout(), err: io.stderr() };
  };
  const ok = async (...argv: string[]) => {
    const result = await cli(...argv);
    if (result.code !== 0) throw new Error(`fieldsync ${argv.join(' ')} exited ${result.code}: ${result.err}`);
    return result.out;
  };

  it('downloads the notes’ bodies, uploads a photo once and fetches one on request', async () => {
    const entities = bed.crm.schema().entities.map((entity) => ({ entity: entity.name, ...(entity.name === 'annotation' ? { attachments: true } : {}) }));
    const publish = await bed.gql(
      `mutation($input: PublishCustomizationInput!) { publishCustomization(input: $input) { userErrors { field message } } }`,
      {
        input: {
          content: {
            entities,
            blobStoreFilter: '<BlobStoreFilter><AttachmentsFilter><MaxAttachmentSize>-1</MaxAttachmentSize></AttachmentsFilter></BlobStoreFilter>',
          },
          roles: [{ role: 'Salesperson', priority: 90 }],
        },
      },
      admin,
    );
    expect(publish.data.publishCustomization.userErrors).toEqual([]);
    await ok('device', 'login', '--bridge', bed.bridge.url, '--db', 'alice.db', '--user', 'alice', '--password', 'demo');
    await ok('device', 'sync', '--db', 'alice.db');
    const entries = JSON.parse(await ok('device', 'files', 'list', '--db', 'alice.db', '--json')) as AttachmentEntry[];
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(entry.status).toBe('downloaded');
      expect(existsSync(entry.path!)).toBe(true);
    }

    const photo = Buffer.alloc(2_000_000, 9);
    writeFileSync(path.join(dir, 'photo.jpg'), photo);
    const target = entries[0]!.id;
    await ok('device', 'files', 'put', 'annotation', target, 'photo.jpg', '--mime', 'image/jpeg', '--db', 'alice.db');
    await ok('device', 'sync', '--db', 'alice.db');
    expect(JSON.parse(await ok('device', 'files', 'queue', '--db', 'alice.db', '--json'))).toEqual([]);
    const out = await ok('device', 'files', 'get', 'annotation', target, '--db', 'alice.db', '--out', 'copy.jpg');
    expect(out).toContain(createHash('sha256').update(photo).digest('hex'));
    expect(readFileSync(path.join(dir, 'copy.jpg')).equals(photo)).toBe(true);
  });
});
