import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCrmStore, type CrmStore } from '@fieldsync/crm-store';
import { generateDemoOrg, seedDemoOrg } from '@fieldsync/demo-org';
import { startSalesforceEmulator, type SalesforceEmulator } from '@fieldsync/emulator-salesforce';

const bin = path.join(__dirname, '..', '..', 'bin', 'fieldsync.js');

/** Runs `fieldsync serve` with `args`; answers the child and its URL once the banner is out, or its output when it exits first. */
function serve(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; url: string; stdout: string } | { exit: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--log-level', 'warn', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /Fieldsync bridge on (\S+)/.exec(stdout);
      if (match) resolve({ child, url: match[1], stdout });
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
    child.on('exit', (exit) => resolve({ exit, stderr }));
  });
}

/** `fieldsync serve --backend salesforce`: the bridge in front of a Salesforce org (the emulator). */
describe('fieldsync serve --backend salesforce', () => {
  let dir: string;
  let store: CrmStore;
  let emulator: SalesforceEmulator;

  beforeAll(async () => {
    for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[name];
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-serve-sf-'));
    store = await openCrmStore({ file: path.join(dir, 'crm.db') });
    await seedDemoOrg(store, generateDemoOrg({ records: 200 }));
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    writeFileSync(path.join(dir, 'bridge-key.pem'), keys.privateKey, { mode: 0o600 });
    emulator = await startSalesforceEmulator({ store, connectedApps: [{ clientId: 'bridge-app', clientSecret: 'bridge-secret', runAsUserName: 'admin', jwtPublicKey: keys.publicKey }] });
  });

  afterAll(async () => {
    await emulator?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves devices through the org, the secret from the environment, and stops on SIGTERM', async () => {
    const started = await serve(dir, ['--backend', 'salesforce', '--sf-login-url', emulator.loginUrl, '--sf-client-id', 'bridge-app', '--sf-jwt-key', 'bridge-key.pem'], { SALESFORCE_CLIENT_SECRET: 'bridge-secret' });
    if (!('child' in started)) throw new Error(`serve exited ${started.exit}: ${started.stderr}`);
    try {
      expect(started.stdout).toMatch(/in front of salesforce/);
      const health = await fetch(`${started.url}/healthz`);
      expect(await health.json()).toMatchObject({ status: 'ok', crm: 'salesforce' });
      const answer = await fetch(`${started.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `mutation { signIn(input: { userName: "alice", password: "demo" }) { session { userId } } }` }),
      });
      expect(((await answer.json()) as { data: { signIn: { session: { userId: string } } } }).data.signIn.session.userId).toBe((await store.findUserByName('alice'))!.id);
    } finally {
      const code = await new Promise<number | null>((resolve) => {
        started.child.removeAllListeners('exit');
        started.child.on('exit', resolve);
        started.child.kill('SIGTERM');
      });
      expect(code).toBe(0);
    }
  });

  it('refuses a missing login URL or key file by name, exit code 2, before listening', async () => {
    const noUrl = await serve(dir, ['--backend', 'salesforce', '--sf-client-id', 'bridge-app', '--sf-client-secret', 'x', '--sf-jwt-key', 'bridge-key.pem']);
    expect(noUrl).toMatchObject({ exit: 2, stderr: expect.stringMatching(/INVALID_OPTION.*--sf-login-url/) });
    const noKey = await serve(dir, ['--backend', 'salesforce', '--sf-login-url', emulator.loginUrl, '--sf-client-id', 'bridge-app', '--sf-client-secret', 'x', '--sf-jwt-key', 'missing.pem']);
    expect(noKey).toMatchObject({ exit: 2, stderr: expect.stringMatching(/INVALID_OPTION.*--sf-jwt-key/) });
  });
});
