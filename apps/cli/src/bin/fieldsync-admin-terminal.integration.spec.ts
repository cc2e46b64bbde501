import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBridgeTestBed, type BridgeTestBed } from '@fieldsync/bridge-server/testing';
import { captureIo } from '../cli/capture-io';
import { runCli } from '../cli/run-cli';
import { runOnTerminal } from '../testing/run-on-terminal';

/** `fieldsync admin` as a person runs it: the password asked without echo, a wipe confirmed by typing the device id. */
describe('fieldsync admin on a terminal', () => {
  let bed: BridgeTestBed;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-admin-terminal-'));
    bed = await createBridgeTestBed(path.join(dir, 'bridge.db'), { tokenTtlMs: 3_600_000, startAt: Date.now() });
  });

  afterAll(async () => {
    await bed.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks for the password without echoing it, and wipes only once the device id is typed', async () => {
    const login = await runOnTerminal(
      dir,
      ['admin', 'login', '--bridge', bed.bridge.url, '--user', 'admin', '--session', 'admin.json'],
      /Password for admin: /,
      'demo\r',
    );
    expect(login.screen).toMatch(/Signed in to http:\/\/127\.0\.0\.1:\d+ as admin \(admin\)/);
    expect(login.screen).not.toContain('demo');
    expect(login.code).toBe(0);
    expect(statSync(path.join(dir, 'admin.json')).mode & 0o777).toBe(0o600);

    const io = captureIo(dir);
    expect(await runCli(['device', 'login', '--bridge', bed.bridge.url, '--db', 'bob.db', '--user', 'bob', '--password', 'demo'], io)).toBe(0);
    const { deviceId } = JSON.parse(readFileSync(path.join(dir, 'bob.db.credentials.json'), 'utf8')) as { deviceId: string };

    const mistyped = await runOnTerminal(dir, ['admin', 'wipe', deviceId, '--session', 'admin.json'], /to wipe it: /, 'bob\r');
    expect(mistyped.code).toBe(2);
    expect(mistyped.screen).toMatch(/error \[WIPE_NOT_CONFIRMED\]: device [0-9a-f-]{36} was not wiped: 'bob' was typed/);

    const wiped = await runOnTerminal(dir, ['admin', 'wipe', deviceId, '--session', 'admin.json'], /to wipe it: /, `${deviceId}\r`);
    expect(wiped.screen).toContain(`Wipe issued to device ${deviceId}`);
    expect(wiped.code).toBe(0);
  });
});
