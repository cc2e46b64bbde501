import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import jsforce from 'jsforce';

const run = promisify(execFile);
const bin = path.join(__dirname, '..', '..', 'bin', 'fieldsync.js');

describe('fieldsync emulate salesforce', () => {
  let dir: string;

  beforeAll(async () => {
    delete process.env.http_proxy;
    delete process.env.https_proxy;
    delete process.env.HTTP_PROXY;
    delete process.env.HTTPS_PROXY;
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-emulate-'));
    await run(process.execPath, [bin, 'crm', 'seed', '--db', 'crm.db', '--records', '300'], { cwd: dir });
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the Salesforce REST API over a CRM file, which real jsforce signs in to and queries, until SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'emulate', 'salesforce', '--crm', 'crm.db', '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const match = /Salesforce emulator on (\S+)/.exec(stdout);
        if (match) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`emulate exited ${code}: ${stderr}`)));
    });
    try {
      const connection = new jsforce.Connection({ loginUrl: url, version: '59.0' });
      const identity = await connection.login('alice', 'demo');
      expect(identity.id).toMatch(/^[0-9a-f-]{36}$/);
      const result = await connection.query<{ Id: string }>('SELECT Id FROM Account');
      expect(result.totalSize).toBeGreaterThan(0);
      expect(result.records.every((record) => typeof record.Id === 'string')).toBe(true);
    } finally {
      child.removeAllListeners('exit');
      const code = await new Promise<number | null>((resolve) => {
        child.on('exit', resolve);
        child.kill('SIGTERM');
      });
      expect(code).toBe(0);
    }
  });
});
