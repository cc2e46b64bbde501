import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** How long one `fieldsync start` took to answer a sign-in, and the milestones on the way, ms from the spawn. */
export interface BridgeStartTiming {
  /** The banner `Fieldsync bridge on <url>` was printed. */
  readonly bannerMs: number;
  /** The first `signIn` answered with a session. */
  readonly signedInMs: number;
  /** Sign-in attempts made (one unless the bridge answered without a session first). */
  readonly attempts: number;
}

/**
 * The environment of a child `fieldsync`: flags only, so no setting of the caller's shell (PORT,
 * DATABASE_URL, …) leaks in; then `extra` (e.g. FIELDSYNC_FROM_SOURCE=1 to time the TypeScript sources).
 */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('FIELDSYNC_') || ['PORT', 'DATABASE_URL', 'LOG_LEVEL'].includes(name)) delete env[name];
  return { ...env, ...extra };
}

/** Spawns `node <script> <args>` in `cwd` (environment: {@link cleanEnv} with `env`) and resolves with the wall time until it exits with code 0, ms. */
export function timeProcess(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args], { cwd, env: cleanEnv(env), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`node ${args.join(' ')} exited with ${code}:\n${stderr}`)),
    );
  });
}

const SIGN_IN = 'mutation SignIn($input: SignInInput!) { signIn(input: $input) { session { accessToken } userErrors { message } } }';

/** One `signIn` over HTTP; true when it answered with a session. Connection errors count as not yet. */
async function signIn(url: string, userName: string, password: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: SIGN_IN, variables: { input: { userName, password } } }),
    });
    if (!response.ok) return false;
    const body = (await response.json()) as { data?: { signIn?: { session?: { accessToken?: string } | null } } };
    return Boolean(body.data?.signIn?.session?.accessToken);
  } catch {
    return false;
  }
}

/**
 * Spawns `node <fieldsync> start --port 0 --log-level warn [extra]` in `cwd`, reads the URL from the
 * banner line `Fieldsync bridge on <url>`, then posts `signIn` every 10 ms until one answers with a
 * session; stops the bridge (SIGTERM) and waits for it to exit. Throws when the process exits first or
 * nothing answers within `timeoutMs`.
 */
export async function timeBridgeStart(
  fieldsync: string,
  cwd: string,
  user: { userName: string; password: string },
  extra: readonly string[] = [],
  timeoutMs = 300_000,
): Promise<BridgeStartTiming> {
  const started = performance.now();
  const child = spawn(process.execPath, [fieldsync, 'start', '--port', '0', '--log-level', 'warn', ...extra], {
    cwd,
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const { url, bannerMs } = await new Promise<{ url: string; bannerMs: number }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fieldsync start printed no banner within ${timeoutMs} ms:\n${output}`)), timeoutMs);
      const onData = (chunk: string): void => {
        output = (output + chunk).slice(-8_000);
        const match = /Fieldsync bridge on (\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve({ url: match[1], bannerMs: performance.now() - started });
        }
      };
      child.stdout.setEncoding('utf8').on('data', onData);
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-8_000)));
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`fieldsync start exited (${code}) before its banner:\n${output}`));
      });
    });
    let attempts = 0;
    while (performance.now() - started < timeoutMs) {
      attempts++;
      if (await signIn(url, user.userName, user.password)) return { bannerMs, signedInMs: performance.now() - started, attempts };
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`the bridge at ${url} answered no signIn with a session (${attempts} attempts):\n${output}`);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 10_000)))]);
    clearTimeout(timer);
    if (!stopped) child.kill('SIGKILL');
  }
}
