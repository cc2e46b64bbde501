import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCrmStore, type CrmStore } from '@fieldsync/crm-store';
import { generateDemoOrg, seedDemoOrg } from '@fieldsync/demo-org';
import { startDataverseEmulator, type DataverseEmulator } from '@fieldsync/emulator-dataverse';
import { startSalesforceEmulator, type SalesforceEmulator } from '@fieldsync/emulator-salesforce';
import { captureIo } from '../cli/capture-io';
import { runCli } from '../cli/run-cli';

const bin = path.join(__dirname, '..', '..', 'bin', 'fieldsync.js');

/** Runs `fieldsync serve` with `args`; answers the child and its URL once the banner is out, or its output when it exits first. */
function serve(
  cwd: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; url: string; stdout: string } | { exit: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--log-level', 'warn', ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /Fieldsync bridge on (\S+).*\n/.exec(stdout);
      if (match) resolve({ child, url: match[1], stdout });
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
    child.on('exit', (exit) => resolve({ exit, stderr }));
  });
}

/** Publishes, as admin, a customization of accounts and tasks for the demo sales role. */
async function publishAccountsAndTasks(url: string): Promise<void> {
  const post = async (query: string, variables: Record<string, unknown>, token?: string) =>
    (await (
      await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      })
    ).json()) as {
      data: Record<string, { session?: { accessToken: string }; userErrors?: unknown[] }>;
    };
  const admin = (
    await post(`mutation($input: SignInInput!) { signIn(input: $input) { session { accessToken } } }`, { input: { userName: 'admin', password: 'demo' } })
  ).data.signIn.session!.accessToken;
  const published = await post(
    `mutation($input: PublishCustomizationInput!) { publishCustomization(input: $input) { userErrors { field message } } }`,
    { input: { content: { entities: [{ entity: 'account' }, { entity: 'task' }] }, roles: [{ role: 'Salesperson', priority: 1 }] } },
    admin,
  );
  expect(published.data.publishCustomization.userErrors).toEqual([]);
}

/** `fieldsync serve --backend salesforce|dynamics`: the bridge in front of a Salesforce org or a Dataverse environment (the emulators). */
describe('fieldsync serve --backend salesforce|dynamics', () => {
  let dir: string;
  let store: CrmStore;
  let emulator: SalesforceEmulator;
  let dataverse: DataverseEmulator;

  beforeAll(async () => {
    for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[name];
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-serve-sf-'));
    store = await openCrmStore({ file: path.join(dir, 'crm.db') });
    await seedDemoOrg(store, generateDemoOrg({ records: 200 }));
    const keys = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    writeFileSync(path.join(dir, 'bridge-key.pem'), keys.privateKey, { mode: 0o600 });
    emulator = await startSalesforceEmulator({
      store,
      connectedApps: [{ clientId: 'bridge-app', clientSecret: 'bridge-secret', runAsUserName: 'admin', jwtPublicKey: keys.publicKey }],
    });
    dataverse = await startDataverseEmulator({ store, apps: [{ clientId: 'bridge-app', clientSecret: 'bridge-secret', applicationUserName: 'admin' }] });
    writeFileSync(path.join(dir, 'dataverse-ca.pem'), dataverse.ca);
  });

  afterAll(async () => {
    await dataverse?.close();
    await emulator?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const backends = () => [
    {
      name: 'salesforce',
      args: ['--backend', 'salesforce', '--sf-login-url', emulator.loginUrl, '--sf-client-id', 'bridge-app', '--sf-jwt-key', 'bridge-key.pem'],
      env: { SALESFORCE_CLIENT_SECRET: 'bridge-secret' },
    },
    {
      name: 'dynamics',
      args: [
        '--backend',
        'dynamics',
        '--dv-environment-url',
        dataverse.url,
        '--dv-tenant',
        dataverse.tenantId,
        '--dv-client-id',
        'bridge-app',
        '--dv-authority',
        dataverse.authority,
        '--dv-ca',
        'dataverse-ca.pem',
      ],
      env: { DYNAMICS_CLIENT_SECRET: 'bridge-secret' },
    },
  ];

  it.each(['salesforce', 'dynamics'])(
    'serves devices through %s (a device logs in, syncs what the user may read and uploads a task), the secret from the environment, and stops on SIGTERM',
    async (name) => {
      const backend = backends().find((candidate) => candidate.name === name)!;
      const started = await serve(dir, backend.args, backend.env);
      if (!('child' in started)) throw new Error(`serve exited ${started.exit}: ${started.stderr}`);
      try {
        expect(started.stdout).toContain(`in front of ${name}`);
        const health = await fetch(`${started.url}/healthz`);
        expect(await health.json()).toMatchObject({ status: 'ok', crm: name });
        const answer = await fetch(`${started.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: `mutation { signIn(input: { userName: "alice", password: "demo" }) { session { userId } } }` }),
        });
        expect(((await answer.json()) as { data: { signIn: { session: { userId: string } } } }).data.signIn.session.userId).toBe(
          (await store.findUserByName('alice'))!.id,
        );

        // A device (the reference client) syncs through this bridge: the engine's whole conversation
        // (who am I, describe, permissions, customization, reads, an upload) goes through to the CRM.
        await publishAccountsAndTasks(started.url);
        const cli = async (...argv: string[]) => {
          const io = captureIo(dir);
          const code = await runCli(argv, io);
          return { code, out: io.stdout(), err: io.stderr() };
        };
        const db = `alice-${name}.db`;
        expect(await cli('device', 'login', '--bridge', started.url, '--db', db, '--user', 'alice', '--password', 'demo')).toMatchObject({ code: 0 });
        const first = await cli('device', 'sync', '--db', db, '--json');
        expect({ code: first.code, errors: first.err.split('\n').filter((line) => line.startsWith('error')) }).toEqual({ code: 0, errors: [] });
        expect(JSON.parse(first.out)).toMatchObject({ result: 'ok' });
        const aliceId = (await store.findUserByName('alice'))!.id;
        const visible = await store.readFull(await store.principalOf(aliceId), { entity: 'account', limit: 5000 });
        const local = JSON.parse((await cli('device', 'records', 'list', 'account', '--db', db, '--limit', '100000', '--json')).out) as { id: string }[];
        expect(local.map((record) => record.id).sort()).toEqual(visible.records.map((record) => record.id).sort());
        const subject = `Call logged offline, synced through the ${name} bridge`;
        expect((await cli('device', 'records', 'create', 'task', '--db', db, `subject=${subject}`)).code).toBe(0);
        expect((await cli('device', 'sync', '--db', db, '--json')).code).toBe(0);
        const tasks = await store.readFull(await store.principalOf(aliceId), { entity: 'task', limit: 5000 });
        expect(tasks.records.filter((task) => task.fields.subject === subject)).toHaveLength(1);
      } finally {
        const code = await new Promise<number | null>((resolve) => {
          started.child.removeAllListeners('exit');
          started.child.on('exit', resolve);
          started.child.kill('SIGTERM');
        });
        expect(code).toBe(0);
      }
    },
  );

  it('refuses a missing login URL, key file or tenant by name, exit code 2, before listening', async () => {
    const noUrl = await serve(dir, ['--backend', 'salesforce', '--sf-client-id', 'bridge-app', '--sf-client-secret', 'x', '--sf-jwt-key', 'bridge-key.pem']);
    expect(noUrl).toMatchObject({ exit: 2, stderr: expect.stringMatching(/INVALID_OPTION.*--sf-login-url/) });
    const noKey = await serve(dir, [
      '--backend',
      'salesforce',
      '--sf-login-url',
      emulator.loginUrl,
      '--sf-client-id',
      'bridge-app',
      '--sf-client-secret',
      'x',
      '--sf-jwt-key',
      'missing.pem',
    ]);
    expect(noKey).toMatchObject({ exit: 2, stderr: expect.stringMatching(/INVALID_OPTION.*--sf-jwt-key/) });
    const noTenant = await serve(dir, [
      '--backend',
      'dynamics',
      '--dv-environment-url',
      dataverse.url,
      '--dv-client-id',
      'bridge-app',
      '--dv-client-secret',
      'x',
    ]);
    expect(noTenant).toMatchObject({ exit: 2, stderr: expect.stringMatching(/INVALID_OPTION.*--dv-tenant/) });
  });
});
