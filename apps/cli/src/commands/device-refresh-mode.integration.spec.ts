import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RefreshModeStatus } from '@fieldsync/sync-core';
import { captureIo, type CapturedIo } from '../cli/capture-io';
import { runCli } from '../cli/run-cli';

describe('fieldsync device refresh-mode', () => {
  let seeded: string;
  let dir: string;
  let crm: string;
  let db: string;

  beforeAll(async () => {
    seeded = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-refresh-mode-seed-'));
    expect(await runCli(['crm', 'seed', '--db', 'crm.db', '--records', '60', '--seed', '3'], captureIo(seeded))).toBe(0);
  });

  afterAll(() => {
    rmSync(seeded, { recursive: true, force: true });
  });

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-refresh-mode-'));
    crm = path.join(dir, 'crm.db');
    copyFileSync(path.join(seeded, 'crm.db'), crm);
    db = path.join(dir, 'alice.db');
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function cli(...argv: string[]): Promise<{ code: number; io: CapturedIo }> {
    const io = captureIo(dir);
    return { code: await runCli(argv, io), io };
  }

  async function ok(...argv: string[]): Promise<string> {
    const { code, io } = await cli(...argv);
    if (code !== 0) throw new Error(`fieldsync ${argv.join(' ')} exited ${code}: ${io.stderr()}`);
    return io.stdout();
  }

  const mode = async (...argv: string[]) => JSON.parse(await ok('device', 'refresh-mode', ...argv, '--db', db, '--json')) as RefreshModeStatus;

  it('prints the mode, toggles it (a sign-in is then due), and a direct sync signs in again', async () => {
    await ok('device', 'sync', '--db', db, '--crm', crm, '--user', 'alice');
    expect(await mode()).toEqual({ mode: 'blocking', orgEnabled: false, signInRequired: false });
    expect(await ok('device', 'refresh-mode', '--db', db)).toContain('Refresh Mode of');
    const toggled = await mode('non-blocking');
    expect(toggled).toMatchObject({ mode: 'blocking', orgEnabled: false, toggle: { mode: 'non-blocking', signInRequired: true }, signInRequired: true });
    expect(await ok('device', 'refresh-mode', '--db', db)).toContain('Sign in again before the next sync');
    // The direct mode signs in with the user's password at every command.
    await ok('device', 'sync', '--db', db, '--crm', crm, '--user', 'alice');
    expect((await mode()).signInRequired).toBe(false);
  });

  it('refuses a mode that is not blocking or non-blocking', async () => {
    await ok('device', 'sync', '--db', db, '--crm', crm, '--user', 'alice');
    const { code, io } = await cli('device', 'refresh-mode', 'sometimes', '--db', db);
    expect(code).not.toBe(0);
    expect(io.stderr()).toContain("'sometimes' is not a Refresh Mode");
  });
});
