import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { captureIo } from '../cli/capture-io';
import { runCli } from '../cli/run-cli';

const bin = path.join(__dirname, '..', '..', 'bin', 'fieldsync.js');

/** How a `fieldsync serve` process ended, or the loopback URL it serves on. */
type Outcome =
  | { readonly exited: number | null; readonly stdout: string; readonly stderr: string }
  | { readonly url: string; readonly stdout: string; stop(): Promise<number | null> };

/** The environment of the test run without the bridge's own variables, plus `env`. */
function environment(env: Record<string, string>): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(FIELDSYNC_|PORT$|DATABASE_URL$|LOG_LEVEL$)/.test(name)));
  return { ...clean, ...env };
}

/**
 * Runs `fieldsync serve` in `cwd`; answers once it printed its banner through the health URL (then its URL on 127.0.0.1,
 * which reaches it on every interface) or exited.
 */
function serve(cwd: string, args: readonly string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--log-level', 'warn', ...args], {
      cwd,
      env: environment(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      // The banner may arrive in several chunks: wait for its lines through the health URL.
      const match = /Fieldsync bridge on \S+:(\d+)[\s\S]*Health:.*\n/.exec(stdout);
      if (match)
        resolve({
          url: `http://127.0.0.1:${match[1]}`,
          stdout,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
    void exited.then((code) => resolve({ exited: code, stdout, stderr }));
  });
}

/** Asks for GraphiQL the way a browser does; answers whether the GraphiQL page came back. */
async function servesGraphiql(url: string): Promise<boolean> {
  const answer = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
  const text = await answer.text();
  return answer.status === 200 && (answer.headers.get('content-type') ?? '').startsWith('text/html') && /graphiql/i.test(text);
}

/** Starts `fieldsync serve`, expects it to run, answers whether it serves GraphiQL, and stops it. */
async function graphiqlOf(cwd: string, args: readonly string[], env: Record<string, string> = {}): Promise<{ graphiql: boolean; banner: string }> {
  const started = await serve(cwd, args, env);
  if (!('url' in started)) throw new Error(`fieldsync serve exited ${started.exited}:\n${started.stdout}\n${started.stderr}`);
  try {
    expect((await fetch(`${started.url}/healthz`)).status).toBe(200);
    return { graphiql: await servesGraphiql(started.url), banner: started.stdout };
  } finally {
    expect(await started.stop()).toBe(0);
  }
}

describe('fieldsync serve on a host that faces the network', () => {
  let dir: string;
  let crm: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-serve-exposure-'));
    crm = path.join(dir, 'crm.db');
    expect(await runCli(['crm', 'seed', '--db', crm, '--records', '50'], captureIo(dir))).toBe(0);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to seed the demo org without a CRM file, says how to point at one, and creates nothing', async () => {
    for (const [args, env, says] of [
      [['--host', '0.0.0.0'], {}, /^error \[DEMO_REFUSED\]: no CRM named, and the default, .*demo-crm\.db, is the file of the demo org/],
      [['--crm', 'missing.db'], { FIELDSYNC_HOST: '0.0.0.0' }, /^error \[DEMO_REFUSED\]: .*missing\.db does not exist, and the demo org/],
    ] as const) {
      const cwd = mkdtempSync(path.join(dir, 'empty-'));
      const outcome = await serve(cwd, args, env);
      if ('url' in outcome) await outcome.stop();
      expect(outcome).toMatchObject({ exited: 2 });
      const { stderr } = outcome as { stderr: string };
      expect(stderr).toMatch(says);
      for (const hint of ['--crm <file>', 'fieldsync crm seed', '--backend salesforce|dynamics', '--demo']) expect(stderr).toContain(hint);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(cwd)).toEqual([]);
    }
  });

  it('does not serve the demo CRM left in .fieldsync/ by an earlier npm start on such a host without --demo', async () => {
    const cwd = mkdtempSync(path.join(dir, 'left-'));
    mkdirSync(path.join(cwd, '.fieldsync'));
    copyFileSync(crm, path.join(cwd, '.fieldsync', 'demo-crm.db'));
    const outcome = await serve(cwd, ['--host', '0.0.0.0']);
    if ('url' in outcome) await outcome.stop();
    expect(outcome).toMatchObject({
      exited: 2,
      stderr: expect.stringMatching(/^error \[DEMO_REFUSED\]: no CRM named, and the default, .*demo-crm\.db, is the file of the demo org/),
    });
    expect(readdirSync(path.join(cwd, '.fieldsync'))).toEqual(['demo-crm.db']);
  });

  it('serves an existing CRM file without GraphiQL unless asked for it', async () => {
    expect(await graphiqlOf(dir, ['--host', '0.0.0.0', '--crm', crm])).toMatchObject({ graphiql: false, banner: expect.stringContaining('GraphiQL off') });
    expect((await graphiqlOf(dir, ['--host', '0.0.0.0', '--crm', crm, '--graphiql'])).graphiql).toBe(true);
    expect((await graphiqlOf(dir, ['--host', '0.0.0.0', '--crm', crm], { FIELDSYNC_GRAPHIQL: 'true' })).graphiql).toBe(true);
  });

  it('seeds and serves the demo org on any host with --demo or FIELDSYNC_DEMO, with GraphiQL unless --no-graphiql', async () => {
    const flagged = mkdtempSync(path.join(dir, 'demo-'));
    expect((await graphiqlOf(flagged, ['--host', '0.0.0.0', '--demo', '--records', '50'])).graphiql).toBe(true);
    expect(existsSync(path.join(flagged, '.fieldsync', 'demo-crm.db'))).toBe(true);

    const byEnv = mkdtempSync(path.join(dir, 'demo-'));
    expect((await graphiqlOf(byEnv, ['--host', '0.0.0.0', '--records', '50', '--no-graphiql'], { FIELDSYNC_DEMO: '1' })).graphiql).toBe(false);
    expect(existsSync(path.join(byEnv, '.fieldsync', 'demo-crm.db'))).toBe(true);
  });

  it('turns GraphiQL off on loopback with --no-graphiql or FIELDSYNC_GRAPHIQL=0', async () => {
    expect((await graphiqlOf(dir, ['--crm', crm, '--no-graphiql'])).graphiql).toBe(false);
    expect((await graphiqlOf(dir, ['--crm', crm], { FIELDSYNC_GRAPHIQL: '0' })).graphiql).toBe(false);
  });

  it('refuses a FIELDSYNC_GRAPHIQL or FIELDSYNC_DEMO that is not a yes or a no', async () => {
    for (const env of [{ FIELDSYNC_GRAPHIQL: 'maybe' }, { FIELDSYNC_DEMO: 'sure' }] as Record<string, string>[]) {
      const outcome = await serve(dir, ['--crm', crm], env);
      if ('url' in outcome) await outcome.stop();
      expect(outcome).toMatchObject({ exited: 2, stderr: expect.stringMatching(/^error \[INVALID_OPTION\]: FIELDSYNC_(GRAPHIQL|DEMO): must be/) });
    }
  });
});
