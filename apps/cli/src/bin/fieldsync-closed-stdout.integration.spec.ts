import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { captureIo } from '../cli/capture-io';
import { runCli } from '../cli/run-cli';

const bin = path.join(__dirname, '..', '..', 'bin', 'fieldsync.js');

/**
 * More than a pipe holds (64 KiB on Linux) plus what one read takes out of it (64 KiB): a command
 * that prints more than this into a reader that stops after its first read must meet a closed pipe.
 */
const MORE_THAN_A_PIPE_HOLDS = 256 * 1024;

/** Runs the real `fieldsync` with its standard output read once and then closed, like `| head -c 1`. */
function runIntoClosingReader(
  cwd: string,
  args: readonly string[],
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; read: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let read = 0;
    child.stdout.once('data', (chunk: Buffer) => {
      read = chunk.length;
      child.stdout.destroy();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
    child.on('exit', (code, signal) => resolve({ code, signal, stderr, read }));
  });
}

describe('fieldsync with its standard output closed early (| head)', () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-closed-stdout-'));
    expect(await runCli(['crm', 'seed', '--db', 'crm.db', '--records', '6000'], captureIo(dir))).toBe(0);
    expect(await runCli(['device', 'sync', '--db', 'alice.db', '--crm', 'crm.db', '--user', 'alice'], captureIo(dir))).toBe(0);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends quietly with exit code 0: no EPIPE, no stack trace', async () => {
    const args = ['device', 'records', 'list', 'account', '--db', 'alice.db', '--limit', '100000', '--json'];
    const whole = captureIo(dir);
    expect(await runCli(args, whole)).toBe(0);
    // Otherwise the whole output fits in the pipe and the test proves nothing.
    expect(Buffer.byteLength(whole.stdout())).toBeGreaterThan(MORE_THAN_A_PIPE_HOLDS);

    const run = await runIntoClosingReader(dir, args);
    expect(run.read).toBeGreaterThan(0);
    expect(run.stderr).toBe('');
    expect(run).toMatchObject({ code: 0, signal: null });
  });
});
