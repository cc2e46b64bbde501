import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { captureIo } from '../cli/capture-io';
import { runCli } from '../cli/run-cli';

const bin = path.join(__dirname, '..', '..', 'bin', 'fieldsync.js');
const READ_ACCOUNTS = `query { readPage(entity: "account", pageSize: 1) { records } }`;

/** The pids of `pid`'s child processes (the cluster's workers). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((child) => child > 0);
  } catch {
    return [];
  }
}

/** The parts of the answers this spec reads. */
interface GraphqlAnswer {
  readonly data?: {
    readonly signIn?: { readonly session: { readonly accessToken: string } };
    readonly readPage?: { readonly records: readonly unknown[] };
    readonly wipeDevice?: { readonly device: { readonly state: string } };
  };
  readonly errors?: ReadonlyArray<{ readonly extensions?: { readonly code?: string } }>;
}

async function gql(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const answer = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: answer.status, ...((await answer.json()) as GraphqlAnswer) };
}

async function signIn(url: string, userName: string, deviceId?: string): Promise<string> {
  const answer = await gql(url, `mutation($input: SignInInput!) { signIn(input: $input) { session { accessToken } } }`, {
    input: { userName, password: 'demo', ...(deviceId ? { deviceId } : {}) },
  });
  const token = answer.data?.signIn?.session.accessToken;
  if (!token) throw new Error(`${userName} could not sign in: ${JSON.stringify(answer.errors)}`);
  return token;
}

describe('fieldsync serve --workers 2', () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-serve-cluster-'));
    expect(await runCli(['crm', 'seed', '--db', path.join(dir, 'crm.db'), '--records', '50'], captureIo(dir))).toBe(0);
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves from two processes sharing the state, refuses a wiped device at once in both, forks a crashed worker again and stops on SIGTERM', async () => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(FIELDSYNC_|PORT$|DATABASE_URL$|LOG_LEVEL$)/.test(name)));
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--log-level', 'info', '--crm', 'crm.db', '--workers', '2'], {
      cwd: dir,
      env: clean,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const waiters: Array<() => void> = [];
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      for (const wake of waiters.splice(0)) wake();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
    child.on('exit', () => {
      for (const wake of waiters.splice(0)) wake();
    });
    /** Resolves once the output holds `count` matches of `pattern`; fails when the bridge exits first. */
    const output = async (pattern: RegExp, count = 1): Promise<void> => {
      while ((stdout.match(new RegExp(pattern, 'g')) ?? []).length < count) {
        if (child.exitCode !== null) throw new Error(`fieldsync serve exited ${child.exitCode}:\n${stdout}\n${stderr}`);
        await new Promise<void>((wake) => waiters.push(wake));
      }
    };
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      await output(/Workers:\s+2 processes/);
      const port = /Fieldsync bridge on \S+:(\d+)/.exec(stdout)?.[1];
      if (!port) throw new Error(`no banner:\n${stdout}\n${stderr}`);
      const url = `http://127.0.0.1:${port}`;
      const workers = childrenOf(child.pid as number);
      expect(workers).toHaveLength(2);

      // A device token verified (and cached) in the workers, then the device wiped: refused at once, whichever worker answers.
      const device = await signIn(url, 'alice', 'alice-cluster');
      await gql(url, `mutation { registerDevice(input: { name: "A", os: "iOS 18", appVersion: "1.0.0" }) { device { deviceId } } }`, {}, device);
      for (let call = 0; call < 6; call += 1) expect((await gql(url, READ_ACCOUNTS, {}, device)).data?.readPage?.records).toHaveLength(1);
      const admin = await signIn(url, 'admin');
      const wiped = await gql(url, `mutation { wipeDevice(deviceId: "alice-cluster") { device { state } } }`, {}, admin);
      expect(wiped.data?.wipeDevice?.device.state).toBe('wiped');
      for (let call = 0; call < 6; call += 1) expect((await gql(url, READ_ACCOUNTS, {}, device)).errors?.[0].extensions?.code).toBe('DEVICE_REVOKED');

      // A worker killed outright is replaced; the bridge keeps answering.
      process.kill(workers[0], 'SIGKILL');
      await output(/"event":"cluster.worker.listening"/, 3);
      expect(stdout).toContain('"event":"cluster.worker.exited"');
      const replaced = childrenOf(child.pid as number);
      expect(replaced).toHaveLength(2);
      expect(replaced).not.toContain(workers[0]);
      // A fresh connection (the pooled one died with the worker) reaches a live worker.
      expect((await fetch(`${url}/healthz`, { headers: { connection: 'close' } })).status).toBe(200);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(replaced.filter((pid) => childrenOf(child.pid as number).includes(pid) || isAlive(pid))).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 120_000);
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
