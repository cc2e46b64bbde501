import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createBridgeTestBed, type BridgeTestBed } from '@fieldsync/bridge-server/testing';
import { captureIo } from '../cli/capture-io';
import type { CliIo } from '../cli/cli-io';
import { runCli } from '../cli/run-cli';

/**
 * `fieldsync admin` against a real bridge over loopback: an admin signs in, sees a device that
 * `fieldsync device login` and `device sync` registered, locks it (its next sync is refused),
 * unlocks it, orders a forced full sync, and a user without the admin role is refused.
 */
describe('fieldsync admin', () => {
  let bed: BridgeTestBed;
  let dir: string;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-admin-'));
    bed = await createBridgeTestBed(path.join(dir, 'bridge.db'), { tokenTtlMs: 3_600_000, startAt: Date.now() });
  });

  afterEach(async () => {
    await bed.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (argv: string[], extra: Partial<CliIo> = {}) => {
    const io = { ...captureIo(dir), ...extra };
    const code = await runCli(argv, io);
    return { code, out: io.stdout(), err: io.stderr() };
  };
  const admin = (...argv: string[]) => cli(['admin', ...argv, '--session', 'admin.json']);
  const login = () => admin('login', '--bridge', bed.bridge.url, '--user', 'admin', '--password', 'demo');

  it('signs in, lists and shows a device, locks it until unlocked, and orders a forced full sync', async () => {
    expect((await cli(['device', 'login', '--bridge', bed.bridge.url, '--db', 'bob.db', '--user', 'bob', '--password', 'demo'])).code).toBe(0);
    expect((await cli(['device', 'sync', '--db', 'bob.db'])).code).toBe(0);
    const deviceId = (JSON.parse(readFileSync(path.join(dir, 'bob.db.credentials.json'), 'utf8')) as { deviceId: string }).deviceId;

    const signedIn = await login();
    expect(signedIn).toMatchObject({ code: 0, err: '' });
    expect(signedIn.out).toMatch(/Signed in to http:\/\/127\.0\.0\.1:\d+ as admin \(admin\)/);
    expect(statSync(path.join(dir, 'admin.json')).mode & 0o777).toBe(0o600);

    const table = await admin('devices', 'list');
    expect(table.code).toBe(0);
    expect(table.out).toMatch(new RegExp(`${deviceId}\\s+bob\\s+.*active`));
    const listed = JSON.parse((await admin('devices', 'list', '--json')).out);
    expect(listed).toMatchObject({ totalCount: 1, devices: [{ deviceId, state: 'active', user: { userName: 'bob' } }] });

    const shown = JSON.parse((await admin('devices', 'show', deviceId, '--json')).out);
    expect(shown).toMatchObject({ deviceId, state: 'active', user: { userName: 'bob' }, commands: [] });
    // The demo org enables non-blocking sync: the device reports its Refresh Mode as non-blocking.
    expect(shown.syncs).toEqual([expect.objectContaining({ type: 'full', success: true, refreshMode: 'non_blocking' })]);
    const shownTable = await admin('devices', 'show', deviceId);
    expect(shownTable.out).toMatch(/ENDED\s+TYPE\s+MODE\s+RESULT/);
    expect(shownTable.out).toMatch(/\sfull\s+non-blocking\s+ok\s/);

    const locked = JSON.parse((await admin('lock', deviceId, '--json')).out);
    expect(locked).toMatchObject({ deviceId, command: { kind: 'lock', status: expect.any(String) } });
    const again = await admin('lock', deviceId);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(new RegExp(`error \\[ALREADY_LOCKED\\]: lockDevice of device ${deviceId} refused: `));
    const refused = await cli(['device', 'sync', '--db', 'bob.db']);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/DEVICE_LOCKED/);
    expect(JSON.parse((await admin('devices', 'list', '--state', 'locked', '--json')).out).devices).toEqual([expect.objectContaining({ deviceId })]);
    expect(JSON.parse((await admin('devices', 'list', '--state', 'active', '--json')).out).devices).toEqual([]);

    const unlocked = await admin('unlock', deviceId);
    expect(unlocked.code).toBe(0);
    expect(unlocked.out).toMatch(`Unlock issued to device ${deviceId}`);
    expect((await cli(['device', 'sync', '--db', 'bob.db'])).code).toBe(0);

    bed.clock.advance(60_000);
    const forced = await admin('force-full-sync', deviceId, '--entity', 'contact', '--json');
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.out).command.kind).toBe('forceFullSync');
    bed.clock.advance(60_000);
    const summary = JSON.parse((await cli(['device', 'sync', '--db', 'bob.db', '--json'])).out);
    expect(summary.entities.find((entity: { entity: string }) => entity.entity === 'contact')).toMatchObject({ mode: 'full' });

    const commands = JSON.parse((await admin('devices', 'show', deviceId, '--json')).out).commands;
    expect(commands.map((command: { kind: string; status: string }) => [command.kind, command.status])).toEqual([
      ['forceFullSync', 'done'],
      ['unlock', 'done'],
      ['lock', 'done'],
    ]);
    const human = await admin('devices', 'show', deviceId);
    expect(human.out).toMatch(/State\s+active/);
    expect(human.out).toMatch(/forceFullSync\s+done\s+admin/);
  });

  it('refreshes an expired access token with the refresh token and keeps the new session, until the refresh token expires too', async () => {
    expect((await login()).code).toBe(0);
    const before = JSON.parse(readFileSync(path.join(dir, 'admin.json'), 'utf8'));
    bed.clock.advance(2 * 3_600_000);
    const listed = await admin('devices', 'list', '--json');
    expect(listed).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(listed.out)).toEqual({ totalCount: 0, devices: [] });
    const after = JSON.parse(readFileSync(path.join(dir, 'admin.json'), 'utf8'));
    expect(after.session.refreshToken).not.toBe(before.session.refreshToken);
    expect(after.session.accessToken).not.toBe(before.session.accessToken);

    bed.clock.advance(31 * 24 * 3_600_000);
    const ended = await admin('devices', 'list');
    expect(ended.code).toBe(2);
    expect(ended.err).toMatch(/error \[ADMIN_SESSION_EXPIRED\]: the admin session in .*admin\.json has ended .*run 'fieldsync admin login' again/);
  });

  it('pages through the fleet and stops at --first', async () => {
    for (const user of ['alice', 'bob', 'carol'])
      expect((await cli(['device', 'login', '--bridge', bed.bridge.url, '--db', `${user}.db`, '--user', user, '--password', 'demo'])).code).toBe(0);
    expect((await login()).code).toBe(0);
    const all = JSON.parse((await admin('devices', 'list', '--json')).out);
    expect(all.devices.map((device: { user: { userName: string } }) => device.user.userName).sort()).toEqual(['alice', 'bob', 'carol']);
    const paged = JSON.parse((await admin('devices', 'list', '--page-size', '1', '--json')).out);
    expect(paged).toEqual(all);
    const two = JSON.parse((await admin('devices', 'list', '--first', '2', '--page-size', '1', '--json')).out);
    expect(two).toMatchObject({ totalCount: 3 });
    expect(two.devices).toHaveLength(2);
    expect(two.devices).toEqual(all.devices.slice(0, 2));
    expect((await admin('devices', 'list', '--first', 'many')).err).toMatch(/INVALID_OPTION.*--first/);
  });

  it('refuses a user without the admin role, a wrong password, no session, an unknown device and an unconfirmed wipe, with exit code 2', async () => {
    const alice = await admin('login', '--bridge', bed.bridge.url, '--user', 'alice', '--password', 'demo');
    expect(alice.code).toBe(2);
    expect(alice.err).toMatch(/error \[ADMIN_ROLE_REQUIRED\]: alice may not use the admin API: .*admin.*role/);
    const none = await admin('devices', 'list');
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/error \[ADMIN_NOT_LOGGED_IN\]: no admin session in .*admin\.json: run 'fieldsync admin login/);
    expect((await admin('login', '--bridge', bed.bridge.url, '--user', 'admin', '--password', 'nope')).err).toMatch(/AUTH_FAILED/);

    expect(
      (
        await cli(['admin', 'login', '--bridge', bed.bridge.url, '--user', 'admin', '--password-stdin', '--session', 'admin.json'], {
          input: Readable.from(['demo\n']),
        })
      ).code,
    ).toBe(0);
    const unknown = await admin('lock', 'no-such-device');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/error \[DEVICE_NOT_FOUND\]: the bridge knows no device no-such-device/);
    expect((await admin('devices', 'show', 'no-such-device')).err).toMatch(/DEVICE_NOT_FOUND/);
    const unconfirmed = await admin('wipe', 'no-such-device');
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.err).toMatch(/WIPE_NOT_CONFIRMED.*not a terminal/);
    const mistyped = await cli(['admin', 'wipe', 'dev-1', '--session', 'admin.json'], { promptLine: async () => 'dev-2' });
    expect(mistyped.err).toMatch(/WIPE_NOT_CONFIRMED.*'dev-2' was typed/);

    const out = await admin('logout');
    expect(out.out).toMatch(/Logged out/);
    expect((await admin('devices', 'list')).err).toMatch(/ADMIN_NOT_LOGGED_IN/);
  });

  it('wipes a device after the id is typed on the terminal', async () => {
    expect((await cli(['device', 'login', '--bridge', bed.bridge.url, '--db', 'bob.db', '--user', 'bob', '--password', 'demo'])).code).toBe(0);
    const deviceId = (JSON.parse(readFileSync(path.join(dir, 'bob.db.credentials.json'), 'utf8')) as { deviceId: string }).deviceId;
    expect((await login()).code).toBe(0);
    const wiped = await cli(['admin', 'wipe', deviceId, '--session', 'admin.json'], { promptLine: async () => deviceId });
    expect(wiped.code).toBe(0);
    expect(wiped.out).toMatch(`Wipe issued to device ${deviceId}`);
    expect(JSON.parse((await admin('devices', 'show', deviceId, '--json')).out).commands[0]).toMatchObject({ kind: 'wipe' });
  });
});
