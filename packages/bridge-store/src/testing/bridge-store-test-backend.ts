import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postgresAvailable, TEST_DATABASE_URL_VARIABLE } from './postgres-available';
import { startTestPostgres } from './start-test-postgres';
import type { TestPostgres } from './test-postgres';

/** One database backend a shared test suite runs on. */
export interface BridgeStoreTestBackend {
  /** `sqlite` or `postgres`: use `$name` in a `describe.each` title. */
  readonly name: 'sqlite' | 'postgres';
  /** Prepares the backend (a temp dir, a PostgreSQL server); call in `beforeAll`. */
  start(): Promise<void>;
  /** The URL of a new, empty database on this backend. */
  freshUrl(): Promise<string>;
  /** Releases what `start` took; call in `afterAll`. */
  stop(): Promise<void>;
}

/**
 * The backends a store suite runs on: SQLite (temp files) always, PostgreSQL when available, and in CI
 * always (where a missing server then fails the tests instead of skipping them).
 * @example describe.each(bridgeStoreTestBackends())('devices on $name', (backend) => { ... });
 */
export function bridgeStoreTestBackends(): BridgeStoreTestBackend[] {
  const backends = [sqliteBackend()];
  if (process.env.CI || postgresAvailable()) backends.push(postgresBackend());
  return backends;
}

/** Why a backend's variant of a suite is not run here. */
export interface SkippedBridgeStoreTestBackend {
  readonly name: BridgeStoreTestBackend['name'];
  readonly reason: string;
}

/** The backends {@link bridgeStoreTestBackends} leaves out on this machine, each with the reason. */
export function skippedBridgeStoreTestBackends(): SkippedBridgeStoreTestBackend[] {
  if (process.env.CI || postgresAvailable()) return [];
  return [
    { name: 'postgres', reason: `PostgreSQL is not available: set ${TEST_DATABASE_URL_VARIABLE} or install the PostgreSQL server programs (initdb, pg_ctl)` },
  ];
}

/**
 * Registers `body` once per backend, as `describe.each` over {@link bridgeStoreTestBackends}, and a
 * skipped suite titled with the reason for each backend left out, so that a run without PostgreSQL
 * reports the PostgreSQL variant as skipped instead of leaving it out silently. `only` keeps one backend.
 * @example describeEachBridgeStore('devices on $name', (backend) => { beforeAll(() => backend.start()); ... });
 */
export function describeEachBridgeStore(
  title: string,
  body: (backend: BridgeStoreTestBackend) => void,
  options: { readonly only?: BridgeStoreTestBackend['name'] } = {},
): void {
  const wanted = (name: BridgeStoreTestBackend['name']) => options.only === undefined || options.only === name;
  const backends = bridgeStoreTestBackends().filter((backend) => wanted(backend.name));
  if (backends.length > 0) describe.each(backends)(title, body);
  for (const skipped of skippedBridgeStoreTestBackends().filter((backend) => wanted(backend.name))) {
    describe.skip(`${title.replace('$name', skipped.name)}: skipped, ${skipped.reason}`, () => {
      it(`runs on ${skipped.name} when it is available`, () => undefined);
    });
  }
}

function sqliteBackend(): BridgeStoreTestBackend {
  let dir: string | undefined;
  let count = 0;
  return {
    name: 'sqlite',
    async start() {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bridge-store-'));
    },
    async freshUrl() {
      if (!dir) throw new Error('start() the sqlite backend first');
      return `sqlite:${path.join(dir, `store-${++count}.db`)}`;
    },
    async stop() {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    },
  };
}

function postgresBackend(): BridgeStoreTestBackend {
  let server: TestPostgres | undefined;
  return {
    name: 'postgres',
    async start() {
      server = await startTestPostgres();
    },
    async freshUrl() {
      if (!server) throw new Error('start() the postgres backend first');
      return server.createDatabase();
    },
    async stop() {
      await server?.stop();
      server = undefined;
    },
  };
}
