import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCrmStore } from '@fieldsync/crm-store';
import type { AttachmentEntry } from '@fieldsync/sync-core';
import { captureIo, type CapturedIo } from '../cli/capture-io';
import { runCli } from '../cli/run-cli';

describe('fieldsync device files', () => {
  let dir: string;
  let crm: string;
  let db: string;
  let customization: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-device-files-'));
    expect(await runCli(['crm', 'seed', '--db', 'crm.db', '--records', '300', '--seed', '3'], captureIo(dir))).toBe(0);
    crm = path.join(dir, 'crm.db');
    db = path.join(dir, 'admin.db');
    const store = await openCrmStore({ file: crm });
    const entities = store.schema().entities.map((entity) => ({ entity: entity.name, ...(entity.name === 'annotation' ? { attachments: true } : {}) }));
    await store.close();
    customization = path.join(dir, 'customization.json');
    writeFileSync(customization, JSON.stringify({ entities, settings: {} }));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function ok(...argv: string[]): Promise<{ out: string; io: CapturedIo }> {
    const io = captureIo(dir);
    const code = await runCli(argv, io);
    if (code !== 0) throw new Error(`fieldsync ${argv.join(' ')} exited ${code}: ${io.stderr()}`);
    return { out: io.stdout(), io };
  }
  const sync = () => ok('device', 'sync', '--db', db, '--crm', crm, '--user', 'admin', '--customization', customization);
  const list = async (what = 'list') => JSON.parse((await ok('device', 'files', what, '--db', db, '--json')).out) as AttachmentEntry[];

  it('syncs the notes’ bodies into files, attaches a file that goes up once, and fetches one on request', async () => {
    await sync();
    const entries = await list();
    expect(entries.length).toBeGreaterThan(3);
    for (const entry of entries) {
      expect(entry.status).toBe('downloaded');
      expect(existsSync(entry.path!)).toBe(true);
      expect(entry.path!.startsWith(`${db}.files${path.sep}Blob${path.sep}annotation${path.sep}`)).toBe(true);
    }
    expect((await ok('device', 'files', 'queue', '--db', db)).out).toContain('Nothing waiting.');

    const photo = Buffer.alloc(300_000, 7);
    writeFileSync(path.join(dir, 'photo.jpg'), photo);
    const target = entries[0]!.id;
    await ok('device', 'files', 'put', 'annotation', target, 'photo.jpg', '--mime', 'image/jpeg', '--db', db);
    expect(await list('queue')).toMatchObject([{ id: target, status: 'upload', fileName: 'photo.jpg', size: photo.length }]);
    await sync();
    expect(await list('queue')).toEqual([]);

    const { out } = await ok('device', 'files', 'get', 'annotation', target, '--db', db, '--crm', crm, '--user', 'admin', '--out', 'copy.jpg');
    expect(out).toContain(createHash('sha256').update(photo).digest('hex'));
    expect(readFileSync(path.join(dir, 'copy.jpg')).equals(photo)).toBe(true);
  });
});
