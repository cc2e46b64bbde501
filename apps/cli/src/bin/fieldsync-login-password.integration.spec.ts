import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBridgeTestBed, type BridgeTestBed } from '@fieldsync/bridge-server/testing';
import { captureIo } from '../cli/capture-io';
import { runCli } from '../cli/run-cli';
import { runOnTerminal } from '../testing/run-on-terminal';

const bin = path.join(__dirname, '..', '..', 'bin', 'fieldsync.js');

interface Ended {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `fieldsync` with `stdin` written to its standard input, which then ends. */
function runWithStdin(cwd: string, args: readonly string[], stdin: string): Promise<Ended> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => void (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('fieldsync device login without the password on the command line', () => {
  let bed: BridgeTestBed;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-login-password-'));
    bed = await createBridgeTestBed(path.join(dir, 'bridge.db'), { tokenTtlMs: 3_600_000, startAt: Date.now() });
  });

  afterAll(async () => {
    await bed.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const login = (db: string, ...more: string[]) => ['device', 'login', '--bridge', bed.bridge.url, '--db', db, '--user', 'alice', ...more];

  it('reads the password from the first line of standard input with --password-stdin', async () => {
    const signedIn = await runWithStdin(dir, login('stdin.db', '--password-stdin'), 'demo\r\nnot the password\n');
    expect(signedIn).toMatchObject({ code: 0, stderr: '' });
    expect(signedIn.stdout).toMatch(/^Signed in to http:\/\/127\.0\.0\.1:\d+ as alice; device [0-9a-f-]{36} registered\./);
    expect(JSON.parse(readFileSync(path.join(dir, 'stdin.db.credentials.json'), 'utf8'))).toMatchObject({ userName: 'alice' });

    const wrong = await runWithStdin(dir, login('wrong.db', '--password-stdin'), 'nope\n');
    expect(wrong).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error \[AUTH_FAILED\]/) });

    const empty = await runWithStdin(dir, login('empty.db', '--password-stdin'), '');
    expect(empty).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error \[PASSWORD_REQUIRED\]: .*standard input/) });
    expect(existsSync(path.join(dir, 'empty.db.credentials.json'))).toBe(false);
  });

  it('asks for the password on a terminal without echoing it', async () => {
    const { code, screen } = await runOnTerminal(dir, login('typed.db'), /Password for alice: /, 'demo\r');
    expect(screen).toMatch(/Signed in to http:\/\/127\.0\.0\.1:\d+ as alice/);
    expect(screen).not.toContain('demo');
    expect(code).toBe(0);
    expect(existsSync(path.join(dir, 'typed.db.credentials.json'))).toBe(true);
  });

  it('refuses to run without a password when there is no terminal to ask on, and refuses two sources', async () => {
    const io = captureIo(dir);
    expect(await runCli(login('none.db'), io)).toBe(2);
    expect(io.stderr()).toMatch(/^error \[PASSWORD_REQUIRED\]: no password for alice: .*--password-stdin/);
    expect(existsSync(path.join(dir, 'none.db.credentials.json'))).toBe(false);

    const both = captureIo(dir);
    expect(await runCli(login('both.db', '--password', 'demo', '--password-stdin'), both)).toBe(2);
    expect(both.stderr()).toMatch(/--password-stdin.*cannot be used with.*--password/);
  });

  it('still takes --password', async () => {
    const io = captureIo(dir);
    expect(await runCli(login('flag.db', '--password', 'demo'), io)).toBe(0);
    expect(io.stdout()).toMatch(/^Signed in to /);
  });
});
