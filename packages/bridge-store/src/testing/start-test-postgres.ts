import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { findPostgresBinaries, type PostgresBinaries } from './find-postgres-binaries';
import { freeLoopbackPort } from './free-port';
import { asPostgresUser, postgresOsUser, runningAsRoot } from './os-user-command';
import { TEST_DATABASE_URL_VARIABLE } from './postgres-available';
import type { TestPostgres } from './test-postgres';

const execFileAsync = promisify(execFile);
const START_ATTEMPTS = 3;

/**
 * Starts a real PostgreSQL server for a test file: `initdb` into a fresh temp dir, `pg_ctl start` on a
 * free loopback port with its socket in that dir and fsync off. As root, the programs run as the
 * `postgres` OS user. With `FIELDSYNC_TEST_DATABASE_URL` set, that server is used instead. Throws when
 * no PostgreSQL is installed (check {@link postgresAvailable} first to skip outside CI).
 * @example
 * let pg: TestPostgres;
 * beforeAll(async () => { pg = await startTestPostgres(); });
 * afterAll(() => pg.stop());
 * it('...', async () => { const store = await openBridgeStore({ url: await pg.createDatabase() }); });
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env[TEST_DATABASE_URL_VARIABLE];
  if (external) return useServer(external, async () => undefined);
  const binaries = findPostgresBinaries();
  if (!binaries) {
    const hint = 'install the PostgreSQL server (Debian: apt-get install postgresql) or set FIELDSYNC_TEST_DATABASE_URL';
    throw new Error(process.env.CI ? `CI needs a PostgreSQL server and none is installed: ${hint}` : `no PostgreSQL server programs found: ${hint}`);
  }
  return startOwnServer(binaries);
}

async function startOwnServer(binaries: PostgresBinaries): Promise<TestPostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldsync-pg-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    if (runningAsRoot()) {
      const { uid, gid } = postgresOsUser();
      fs.chownSync(dir, uid, gid);
    }
    await run(binaries.initdb, ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], dir);
    const port = await startServer(binaries, dataDir, dir, logFile);
    // A test process that dies without stop() must not leave a server behind.
    const onExit = () => {
      const { command, args } = asPostgresUser(binaries.pgCtl, ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
      spawnSync(command, args, { cwd: dir, stdio: 'ignore' });
      removeDir();
    };
    process.once('exit', onExit);
    return useServer(`postgres://postgres@127.0.0.1:${port}/postgres`, async () => {
      process.removeListener('exit', onExit);
      await run(binaries.pgCtl, ['stop', '-D', dataDir, '-m', 'fast', '-w'], dir).catch(() => undefined);
      removeDir();
    });
  } catch (error) {
    removeDir();
    throw error;
  }
}

async function startServer(binaries: PostgresBinaries, dataDir: string, dir: string, logFile: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await freeLoopbackPort();
    const serverOptions = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      '-F', // fsync off: a test server's data may be lost in a crash
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
    ].join(' ');
    try {
      await run(binaries.pgCtl, ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', serverOptions], dir);
      return port;
    } catch (error) {
      // Another process may have taken the port between our probe and the server's bind.
      if (attempt >= START_ATTEMPTS) {
        const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-2000) : '';
        throw new Error(`the test PostgreSQL server did not start: ${(error as Error).message}\n${log}`, { cause: error });
      }
    }
  }
}

async function run(program: string, args: readonly string[], cwd: string): Promise<void> {
  const { command, args: fullArgs } = asPostgresUser(program, args);
  try {
    // cwd: the postgres user may not be allowed into ours.
    await execFileAsync(command, fullArgs, { cwd, env: { ...process.env, LC_ALL: 'C' } });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${path.basename(program)} failed: ${(error as Error).message}\n${stdout ?? ''}${stderr ?? ''}`, { cause: error });
  }
}

/** A {@link TestPostgres} over a running server whose `postgres` database is at `adminUrl`. */
function useServer(adminUrl: string, shutdown: () => Promise<void>): TestPostgres {
  const created: string[] = [];
  let admin: Promise<Client> | undefined;
  const connectAdmin = () =>
    (admin ??= (async () => {
      const client = new Client({ connectionString: adminUrl });
      client.on('error', () => undefined);
      await client.connect();
      return client;
    })());
  const url = (database: string) => {
    const parsed = new URL(adminUrl);
    parsed.pathname = `/${encodeURIComponent(database)}`;
    return parsed.toString();
  };
  return {
    url,
    async createDatabase() {
      const name = `fieldsync_test_${process.pid}_${randomBytes(6).toString('hex')}`;
      await (await connectAdmin()).query(`create database "${name}"`);
      created.push(name);
      return url(name);
    },
    async stop() {
      const client = await admin?.catch(() => undefined);
      if (client && process.env[TEST_DATABASE_URL_VARIABLE]) {
        // On a shared server, leave nothing behind.
        for (const name of created) await client.query(`drop database if exists "${name}" with (force)`).catch(() => undefined);
      }
      await client?.end().catch(() => undefined);
      await shutdown();
    },
  };
}
