import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';

const bin = path.join(__dirname, '..', '..', 'bin', 'fieldsync.js');

/** A `fieldsync start` process and the URL its banner printed. */
interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  readonly stdout: () => string;
  /** Milliseconds from spawn to the banner. */
  readonly ms: number;
}

function start(cwd: string, args: readonly string[]): Promise<Started> {
  const began = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'start', '--port', '0', '--log-level', 'warn', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /Fieldsync bridge on (\S+).*\n/.exec(stdout);
      if (match) resolve({ child, url: match[1], stdout: () => stdout, ms: performance.now() - began });
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
    child.on('exit', (code) => reject(new Error(`fieldsync start exited ${code} before listening:\n${stdout}\n${stderr}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

const signIn = `mutation($input: SignInInput!) { signIn(input: $input) { session { accessToken userId } userErrors { code } } }`;

describe('fieldsync start (npm start)', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-start-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('seeds the demo CRM on first start, serves GraphQL and /healthz, stops on SIGTERM, and keeps the CRM on the next start', async () => {
    const first = await start(dir, ['--records', '300']);
    try {
      const health = await fetch(`${first.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', crm: 'embedded', database: 'sqlite' });
      const answer = await fetch(`${first.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: signIn, variables: { input: { userName: 'alice', password: 'demo' } } }),
      });
      const body = (await answer.json()) as { data: { signIn: { session: { accessToken: string } | null } } };
      expect(body.data.signIn.session?.accessToken).toMatch(/^ey/);
      const graphiql = await fetch(`${first.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(await graphiql.text()).toMatch(/graphiql/i);
    } finally {
      expect(await stop(first.child)).toBe(0);
    }
    const crm = path.join(dir, '.fieldsync', 'demo-crm.db');
    expect(existsSync(crm)).toBe(true);
    const size = statSync(crm).size;
    const second = await start(dir, []);
    try {
      expect(second.stdout()).not.toMatch(/Seeding/);
      expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
    expect(statSync(crm).size).toBeGreaterThanOrEqual(size);
  });

  it('serves HTTPS with a certificate and key, which a client trusting that certificate reaches', async () => {
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const started = await start(dir, ['--tls-cert', cert, '--tls-key', key]);
    try {
      expect(started.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      await expect(fetch(`${started.url}/healthz`)).rejects.toThrow();
      const agent = new Agent({ connect: { ca: readFileSync(cert) } });
      const health = await undiciFetch(`${started.url}/healthz`, { dispatcher: agent });
      expect(health.status).toBe(200);
      await agent.close();
    } finally {
      expect(await stop(started.child)).toBe(0);
    }
  });
});
