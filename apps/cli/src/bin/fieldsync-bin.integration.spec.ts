import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openCrmStore } from '@fieldsync/crm-store';

const run = promisify(execFile);
const bin = path.join(__dirname, '..', '..', 'bin', 'fieldsync.js');

describe('bin/fieldsync.js', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bin-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('seeds a real CRM file of 2,000 records when run as a process', async () => {
    const file = path.join(dir, 'crm.db');
    const { stdout } = await run(process.execPath, [bin, 'crm', 'seed', '--db', file, '--records', '2000'], { cwd: dir });
    expect(stdout).toMatch(/total\s+2,000\n/);
    expect(existsSync(file)).toBe(true);

    const store = await openCrmStore({ file });
    try {
      const admin = await store.findUserByName('admin');
      const principal = await store.principalOf(admin!.id);
      expect((await store.count(principal, { entity: 'account' })).matching).toBe(200);
      expect((await store.count(principal, { entity: 'contact' })).matching).toBe(500);
    } finally {
      await store.close();
    }
  });

  it('exits with code 2 and a coded message when the file exists', async () => {
    const file = path.join(dir, 'crm.db');
    await expect(run(process.execPath, [bin, 'crm', 'seed', '--db', file, '--records', '5'], { cwd: dir })).rejects.toMatchObject({
      code: 2,
      stderr: `error [DATABASE_EXISTS]: ${file} already exists; pass --force to replace it\n`,
    });
  });
});
