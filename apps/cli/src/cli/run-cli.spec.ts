import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { captureIo } from './capture-io';
import { runCli } from './run-cli';

describe('runCli', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-cli-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints help for the program and for every command, exiting 0', async () => {
    for (const argv of [['--help'], ['crm', '--help'], ['crm', 'seed', '--help'], ['crm', 'stats', '--help'], ['start', '--help']]) {
      const io = captureIo(dir);
      expect(await runCli(argv, io)).toBe(0);
      expect(io.stdout()).toMatch(/^Usage: fieldsync/);
    }
    const io = captureIo(dir);
    await runCli(['crm', 'seed', '--help'], io);
    expect(io.stdout()).toContain('--records <n>');
    expect(io.stdout()).toContain("password 'demo'");
  });

  it('exits 2 on an unknown command or a missing required option', async () => {
    const unknown = captureIo(dir);
    expect(await runCli(['teleport'], unknown)).toBe(2);
    expect(unknown.stderr()).toContain("unknown command 'teleport'");

    const missing = captureIo(dir);
    expect(await runCli(['crm', 'seed', '--db', 'x.db'], missing)).toBe(2);
    expect(missing.stderr()).toContain("required option '--records <n>' not specified");
    expect(existsSync(path.join(dir, 'x.db'))).toBe(false);
  });

  it('seeds a demo org into a new file and prints the counts per entity', async () => {
    const io = captureIo(dir);
    expect(await runCli(['crm', 'seed', '--db', 'crm.db', '--records', '1000', '--seed', '5'], io)).toBe(0);
    expect(existsSync(path.join(dir, 'crm.db'))).toBe(true);
    const out = io.stdout();
    expect(out).toMatch(/account\s+100\n/);
    expect(out).toMatch(/contact\s+250\n/);
    expect(out).toMatch(/total\s+1,000\n/);
    expect(out).toMatch(/1,000 records, \d+ attachments and 4 users in [\d.]+ s \([\d,]+ records\/s\)/);
    expect(out).toContain('100%');

    const stats = captureIo(dir);
    expect(await runCli(['crm', 'stats', '--db', 'crm.db'], stats)).toBe(0);
    expect(stats.stdout()).toMatch(/quotedetail\s+120\n/);
    expect(stats.stdout()).toMatch(/total\s+1,000\n/);
    expect(stats.stdout()).toMatch(/carol\s+Carol Carter/);
  });

  it('refuses to overwrite an existing file without --force and leaves it untouched', async () => {
    const file = path.join(dir, 'existing.db');
    writeFileSync(file, 'precious');
    const io = captureIo(dir);
    expect(await runCli(['crm', 'seed', '--db', file, '--records', '10'], io)).toBe(2);
    expect(io.stderr()).toBe(`error [DATABASE_EXISTS]: ${file} already exists; pass --force to replace it\n`);
    expect(readFileSync(file, 'utf8')).toBe('precious');

    const forced = captureIo(dir);
    expect(await runCli(['crm', 'seed', '--db', file, '--records', '10', '--force'], forced)).toBe(0);
    expect(statSync(file).size).toBeGreaterThan(1000);
  });

  it('rejects a record count that is not a whole number with INVALID_OPTION', async () => {
    for (const records of ['-5', 'lots', '1.5']) {
      const io = captureIo(dir);
      expect(await runCli(['crm', 'seed', '--db', 'n.db', '--records', records], io)).toBe(2);
      expect(io.stderr()).toMatch(/^error \[INVALID_OPTION\]: --records: must be a whole number/);
    }
    expect(existsSync(path.join(dir, 'n.db'))).toBe(false);
  });

  it('reports a missing database for stats without creating it', async () => {
    const io = captureIo(dir);
    expect(await runCli(['crm', 'stats', '--db', 'missing.db'], io)).toBe(2);
    expect(io.stderr()).toMatch(/^error \[DATABASE_NOT_FOUND\]: .*missing\.db does not exist/);
    expect(existsSync(path.join(dir, 'missing.db'))).toBe(false);
  });

  it('reports a file that is not a CRM store with its code', async () => {
    writeFileSync(path.join(dir, 'notes.txt'), 'just text, not SQLite '.repeat(100));
    const io = captureIo(dir);
    expect(await runCli(['crm', 'stats', '--db', 'notes.txt'], io)).toBe(2);
    expect(io.stderr()).toMatch(/^error \[STORE_FILE_INVALID\]/);
  });

  it('exits 1 with a stack trace on an unexpected failure', async () => {
    // --force on a directory: removing it as a file fails with a plain Node error, not a FieldsyncError.
    const io = captureIo(dir);
    expect(await runCli(['crm', 'seed', '--db', dir, '--records', '1', '--force'], io)).toBe(1);
    expect(io.stderr()).toMatch(/^unexpected error: SystemError.*Path is a directory/);
    expect(io.stderr()).toMatch(/\n\s+at /);
    expect(existsSync(dir)).toBe(true);
  });
});
