import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBridgeTestBed, type BridgeTestBed } from '@fieldsync/bridge-server/testing';
import { captureIo } from '../cli/capture-io';
import { runCli } from '../cli/run-cli';

/**
 * The reference mobile client against a real bridge over loopback: login, sync, local edits, and the
 * admin's device control (lock, forced full sync, wipe) and customizations, end to end.
 */
describe('fieldsync device through the bridge', () => {
  let bed: BridgeTestBed;
  let dir: string;
  let admin: string;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-device-bridge-'));
    // The bridge's clock starts at the real time: the device compares the admin's dates with its own clock.
    bed = await createBridgeTestBed(path.join(dir, 'bridge.db'), { tokenTtlMs: 3_600_000, startAt: Date.now() });
    admin = await bed.admin();
  });

  afterEach(async () => {
    await bed.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (...argv: string[]) => {
    const io = captureIo(dir);
    const code = await runCli(argv, io);
    return { code, out: io.stdout(), err: io.stderr() };
  };
  const deviceId = async () => (await bed.gql(`{ devices { edges { node { deviceId } } } }`, {}, admin)).data.devices.edges[0].node.deviceId as string;

  it('logs in, syncs what the user may read, uploads a local change, and is tracked by the bridge', async () => {
    const login = await cli(
      'device',
      'login',
      '--bridge',
      bed.bridge.url,
      '--db',
      'alice.db',
      '--user',
      'alice',
      '--password',
      'demo',
      '--device-name',
      'Alice test phone',
    );
    expect(login).toMatchObject({ code: 0 });
    expect(login.out).toMatch(/Signed in to http:\/\/127\.0\.0\.1:\d+ as alice; device [0-9a-f-]{36} registered/);
    const credentials = path.join(dir, 'alice.db.credentials.json');
    expect(statSync(credentials).mode & 0o777).toBe(0o600);
    const wrong = await cli('device', 'login', '--bridge', bed.bridge.url, '--db', 'x.db', '--user', 'alice', '--password', 'nope');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/AUTH_FAILED/);

    const synced = await cli('device', 'sync', '--db', 'alice.db', '--json');
    expect(synced.code).toBe(0);
    const summary = JSON.parse(synced.out);
    expect(summary.result).toBe('ok');
    const alice = (await bed.crm.findUserByName('alice'))!;
    const visible = await bed.crm.readFull(await bed.crm.principalOf(alice.id), { entity: 'account', limit: 5000 });
    const local = JSON.parse((await cli('device', 'records', 'list', 'account', '--db', 'alice.db', '--limit', '100000', '--json')).out) as { id: string }[];
    expect(local.map((record) => record.id).sort()).toEqual(visible.records.map((record) => record.id).sort());

    const created = (await cli('device', 'records', 'create', 'task', '--db', 'alice.db', 'subject=Call back from the bridge test')).out.trim();
    expect((await cli('device', 'sync', '--db', 'alice.db')).code).toBe(0);
    expect((await bed.crm.getAsSystem('task', created))?.fields.subject).toBe('Call back from the bridge test');

    const device = (
      await bed.gql(
        `query($id: String!) { device(deviceId: $id) { name user { userName } syncs { edges { node { type success uploads downloaded } } } logs { text } } }`,
        { id: await deviceId() },
        admin,
      )
    ).data.device;
    expect(device.name).toBe('Alice test phone');
    expect(device.user.userName).toBe('alice');
    expect(device.syncs.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { type: 'incremental', success: true, uploads: 1, downloaded: expect.any(Number) },
      { type: 'full', success: true, uploads: 0, downloaded: summary.downloaded },
    ]);
    expect(device.logs.length).toBe(2);
  });

  it('obeys the admin: a lock refuses local work until unlocked, a forced full sync runs, a wipe erases the device and its login', async () => {
    await cli('device', 'login', '--bridge', bed.bridge.url, '--db', 'bob.db', '--user', 'bob', '--password', 'demo');
    expect((await cli('device', 'sync', '--db', 'bob.db')).code).toBe(0);
    const id = await deviceId();

    await bed.gql(`mutation($id: String!) { lockDevice(deviceId: $id) { userErrors { code } } }`, { id }, admin);
    const lockedSync = await cli('device', 'sync', '--db', 'bob.db');
    expect(lockedSync.code).toBe(2);
    expect(lockedSync.err).toMatch(/DEVICE_LOCKED/);
    const refused = await cli('device', 'records', 'list', 'account', '--db', 'bob.db');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/DEVICE_LOCKED/);
    await bed.gql(`mutation($id: String!) { unlockDevice(deviceId: $id) { userErrors { code } } }`, { id }, admin);
    expect((await cli('device', 'sync', '--db', 'bob.db')).code).toBe(0);
    expect((await cli('device', 'records', 'list', 'account', '--db', 'bob.db')).code).toBe(0);

    bed.clock.advance(60_000);
    await bed.gql(
      `mutation($id: String!) { forceFullSync(deviceId: $id, entities: ["contact"], discardLocalChanges: false) { userErrors { code } } }`,
      { id },
      admin,
    );
    bed.clock.advance(60_000);
    const forced = JSON.parse((await cli('device', 'sync', '--db', 'bob.db', '--json')).out);
    expect(forced.result).toBe('ok');
    expect(forced.entities.find((entity: { entity: string }) => entity.entity === 'contact')).toMatchObject({ mode: 'full' });
    expect(forced.entities.find((entity: { entity: string }) => entity.entity === 'account').mode).not.toBe('full');
    const commands = (await bed.gql(`query($id: String!) { device(deviceId: $id) { commands { kind status } } }`, { id }, admin)).data.device.commands;
    expect(commands).toEqual([
      { kind: 'forceFullSync', status: 'done' },
      { kind: 'unlock', status: 'done' },
      { kind: 'lock', status: 'done' },
    ]);

    await bed.gql(`mutation($id: String!) { wipeDevice(deviceId: $id) { userErrors { code } } }`, { id }, admin);
    const wiped = await cli('device', 'sync', '--db', 'bob.db');
    expect(wiped.code).toBe(2);
    expect(wiped.err).toMatch(/wiped by an administrator/);
    expect(existsSync(path.join(dir, 'bob.db'))).toBe(false);
    expect(existsSync(path.join(dir, 'bob.db.credentials.json'))).toBe(false);
    // The device erased itself and then said so: the admin sees the wipe done, not still pending.
    const afterWipe = await bed.gql(`query($id: String!) { device(deviceId: $id) { commands { kind status } } }`, { id }, admin);
    expect(afterWipe.data.device.commands[0]).toEqual({ kind: 'wipe', status: 'done' });
  });

  it('refuses a customization that needs a newer app, and without a login says how to log in', async () => {
    await cli('device', 'login', '--bridge', bed.bridge.url, '--db', 'carol.db', '--user', 'carol', '--password', 'demo');
    const publish = await bed.gql(
      `mutation($input: PublishCustomizationInput!) { publishCustomization(input: $input) { userErrors { field } } }`,
      { input: { content: { entities: [{ entity: 'account' }] }, roles: [{ role: 'Salesperson', priority: 90 }], minAppVersion: '9.0.0' } },
      admin,
    );
    expect(publish.data.publishCustomization.userErrors).toEqual([]);
    const refused = await cli('device', 'sync', '--db', 'carol.db');
    expect(refused.code).toBe(2);
    expect(refused.out + refused.err).toContain('Your server customization requires a new version of the application');
    const notLoggedIn = await cli('device', 'sync', '--db', 'nobody.db');
    expect(notLoggedIn.code).toBe(2);
    expect(notLoggedIn.err).toMatch(/NOT_LOGGED_IN.*fieldsync device login/);
  });
});
