import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCrmStore, type CrmStore } from '@fieldsync/crm-store';
import { startSalesforceEmulator } from '@fieldsync/emulator-salesforce';
import { ManualClock } from '@fieldsync/model';
import { captureIo } from '../cli/capture-io';
import { runCli } from '../cli/run-cli';

/** The reference client syncing straight with Salesforce (the emulator, through real jsforce). */
describe('fieldsync device sync --backend salesforce', () => {
  let dir: string;
  let store: CrmStore;
  let emulator: Awaited<ReturnType<typeof startSalesforceEmulator>>;
  /** The org's clock: it stands still unless a test moves it, so writes of one sync share their second. */
  let clock: ManualClock;

  beforeAll(async () => {
    for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[name];
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-device-salesforce-'));
    expect(await runCli(['crm', 'seed', '--db', 'crm.db', '--records', '300'], captureIo(dir))).toBe(0);
    // A second boundary is 400 ms away, so nothing the org stamps crosses one by accident.
    clock = new ManualClock(Math.floor(Date.now() / 1000) * 1000 + 100);
    store = await openCrmStore({ file: path.join(dir, 'crm.db'), clock });
    emulator = await startSalesforceEmulator({ store });
  });

  afterAll(async () => {
    await emulator.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (...argv: string[]) => {
    const io = captureIo(dir);
    const code = await runCli(argv, io);
    return { code, out: io.stdout(), err: io.stderr() };
  };

  it('downloads what the user may read, and uploads a local change', async () => {
    const args = ['--db', 'alice.db', '--backend', 'salesforce', '--login-url', emulator.loginUrl, '--user', 'alice', '--password', 'demo'];
    const first = await cli('device', 'sync', ...args, '--json');
    expect(first.err.split('\n').filter((line) => line.startsWith('error'))).toEqual([]);
    expect(first.code).toBe(0);
    const alice = (await store.findUserByName('alice'))!;
    const visible = await store.readFull(await store.principalOf(alice.id), { entity: 'account', limit: 5000 });
    const local = JSON.parse((await cli('device', 'records', 'list', 'account', '--db', 'alice.db', '--limit', '100000', '--json')).out) as { id: string }[];
    expect(local.map((record) => record.id).sort()).toEqual(visible.records.map((record) => record.id).sort());

    const localId = (await cli('device', 'records', 'create', 'task', '--db', 'alice.db', 'subject=Call from the Salesforce test')).out.trim();
    const second = await cli('device', 'sync', ...args);
    expect(second.code).toBe(0);
    // Salesforce assigns ids: the device's record now carries the server's id.
    const tasks = JSON.parse((await cli('device', 'records', 'list', 'task', '--db', 'alice.db', '--limit', '100000', '--json')).out) as {
      id: string;
      fields: { subject?: string };
    }[];
    const uploaded = tasks.find((task) => task.fields.subject === 'Call from the Salesforce test');
    expect(uploaded).toBeDefined();
    expect(tasks.some((task) => task.id === localId && localId !== uploaded!.id)).toBe(false);
    expect((await store.getAsSystem('task', uploaded!.id))?.fields.subject).toBe('Call from the Salesforce test');
  });

  it('receives the quote total the server rolls up in the same second as the device creates the quote and its details', async () => {
    const args = ['--db', 'quotes.db', '--backend', 'salesforce', '--login-url', emulator.loginUrl, '--user', 'alice', '--password', 'demo'];
    expect((await cli('device', 'sync', ...args)).code).toBe(0);
    const [account] = JSON.parse((await cli('device', 'records', 'list', 'account', '--db', 'quotes.db', '--limit', '1', '--json')).out) as { id: string }[];
    const quoteId = (await cli('device', 'records', 'create', 'quote', '--db', 'quotes.db', 'name=Same-second quote', `accountid=${account.id}`)).out.trim();
    for (const [quantity, price] of [
      [1, 10],
      [2, 20],
      [3, 30],
    ]) {
      const created = await cli(
        'device',
        'records',
        'create',
        'quotelineitem',
        '--db',
        'quotes.db',
        `quoteid=${quoteId}`,
        `quantity=${quantity}`,
        `priceperunit=${price}`,
      );
      expect(created.err).toBe('');
    }
    // The quote, its details and the roll-up onto the quote all carry the org's one current second.
    const upload = await cli('device', 'sync', ...args);
    expect(upload.err.split('\n').filter((line) => line.startsWith('error'))).toEqual([]);
    expect(upload.code).toBe(0);
    const quotes = JSON.parse((await cli('device', 'records', 'list', 'quote', '--db', 'quotes.db', '--limit', '100000', '--json')).out) as {
      id: string;
      fields: { name?: string; totalamount?: number | null };
    }[];
    const quote = quotes.find((candidate) => candidate.fields.name === 'Same-second quote');
    expect((await store.getAsSystem('quote', quote!.id))?.fields.totalamount).toBe(140);
    expect(quote?.fields.totalamount).toBe(140);
  });

  it('refuses an unknown backend and a missing login URL', async () => {
    expect((await cli('device', 'sync', '--db', 'x.db', '--backend', 'oracle')).err).toMatch(/INVALID_OPTION.*--backend.*embedded, salesforce or dynamics/);
    expect((await cli('device', 'sync', '--db', 'x.db', '--backend', 'salesforce', '--user', 'alice')).err).toMatch(/INVALID_OPTION.*--login-url/);
  });
});
