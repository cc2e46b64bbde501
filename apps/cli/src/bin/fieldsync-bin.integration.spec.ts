import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  it('runs the build made at install, and --version and --help load no command implementation (decision 148)', async () => {
    // The jest global setup built dist/fieldsync.js from the current sources.
    expect(existsSync(path.join(__dirname, '..', '..', 'dist', 'fieldsync.js'))).toBe(true);
    const loadedFile = path.join(dir, 'loaded.txt');
    const recorder = path.join(dir, 'record-packages.js');
    // Records every npm package the process loads, by name; the bundled GraphQL stack counts as graphql.
    writeFileSync(
      recorder,
      `const Module = require('node:module'); const fs = require('node:fs'); const seen = new Set();
       const load = Module._load;
       Module._load = function (request, ...rest) { if (request.endsWith('/fieldsync-graphql.js')) seen.add('graphql'); if (/^[@a-z]/.test(request) && !request.startsWith('node:')) seen.add(request.startsWith('@') ? request.split('/').slice(0, 2).join('/') : request.split('/')[0]); return load.call(this, request, ...rest); };
       process.on('exit', () => fs.writeFileSync(${JSON.stringify(loadedFile)}, [...seen].join('\\n')));`,
    );
    const heavy = ['jsforce', 'graphql-yoga', 'graphql', 'undici', '@azure/msal-node', 'sqlite3', 'pg', 'pino', 'tsx'];
    for (const args of [
      ['--version'],
      ['--help'],
      ['device', '--help'],
      ['admin', 'devices', 'list', '--help'],
      ['admin', 'customization', 'publish', '--help'],
    ]) {
      const { stdout } = await run(process.execPath, ['--require', recorder, bin, ...args], { cwd: dir });
      expect(stdout).toMatch(args[0] === '--version' ? /^\d+\.\d+\.\d+\n$/ : /Usage: fieldsync/);
      const loaded = readFileSync(loadedFile, 'utf8').split('\n');
      expect(loaded.filter((name) => heavy.includes(name))).toEqual([]);
    }
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
