import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCrmStore, type CrmStore } from '@fieldsync/crm-store';
import { startDataverseEmulator } from '@fieldsync/emulator-dataverse';
import { captureIo } from '../cli/capture-io';
import { runCli } from '../cli/run-cli';

/** The reference client syncing straight with Dataverse (the emulator over HTTPS, through msal-node and the Web API). */
describe('fieldsync device sync --backend dynamics', () => {
  let dir: string;
  let store: CrmStore;
  let emulator: Awaited<ReturnType<typeof startDataverseEmulator>>;
  let args: string[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-device-dynamics-'));
    expect(await runCli(['crm', 'seed', '--db', 'crm.db', '--records', '300'], captureIo(dir))).toBe(0);
    store = await openCrmStore({ file: path.join(dir, 'crm.db') });
    emulator = await startDataverseEmulator({ store });
    writeFileSync(path.join(dir, 'dataverse-ca.pem'), emulator.ca);
    args = [
      '--backend',
      'dynamics',
      '--environment-url',
      emulator.url,
      '--tenant',
      emulator.tenantId,
      '--authority',
      emulator.authority,
      '--ca',
      'dataverse-ca.pem',
    ];
  });

  afterAll(async () => {
    await emulator?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (...argv: string[]) => {
    const io = captureIo(dir);
    const code = await runCli(argv, io);
    return { code, out: io.stdout(), err: io.stderr() };
  };

  it('downloads what the user may read, and uploads a local change with the id the device chose', async () => {
    const sync = ['device', 'sync', '--db', 'alice.db', ...args, '--user', 'alice', '--password', 'demo'];
    const first = await cli(...sync, '--json');
    expect(first.err.split('\n').filter((line) => line.startsWith('error'))).toEqual([]);
    expect(first.code).toBe(0);
    const alice = (await store.findUserByName('alice'))!;
    const visible = await store.readFull(await store.principalOf(alice.id), { entity: 'account', limit: 5000 });
    const local = JSON.parse((await cli('device', 'records', 'list', 'account', '--db', 'alice.db', '--limit', '100000', '--json')).out) as { id: string }[];
    expect(local.map((record) => record.id).sort()).toEqual(visible.records.map((record) => record.id).sort());

    const localId = (await cli('device', 'records', 'create', 'task', '--db', 'alice.db', 'subject=Call from the Dynamics test')).out.trim();
    const second = await cli(...sync);
    expect(second.err.split('\n').filter((line) => line.startsWith('error'))).toEqual([]);
    expect(second.code).toBe(0);
    // Dataverse takes the GUID the device made: the record keeps its id on both sides.
    expect((await store.getAsSystem('task', localId))?.fields.subject).toBe('Call from the Dynamics test');
  });

  it('refuses a wrong password, a missing tenant and an unreadable CA file by name', async () => {
    expect((await cli('device', 'sync', '--db', 'bob.db', ...args, '--user', 'bob', '--password', 'wrong')).err).toMatch(/AUTH_FAILED/);
    expect((await cli('device', 'sync', '--db', 'x.db', '--backend', 'dynamics', '--environment-url', emulator.url, '--user', 'alice')).err).toMatch(
      /INVALID_OPTION.*--tenant/,
    );
    expect((await cli('device', 'sync', '--db', 'x.db', ...args.slice(0, -1), 'missing.pem', '--user', 'alice')).err).toMatch(/INVALID_OPTION.*--ca/);
  });
});
