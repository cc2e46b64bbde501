import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postgresAvailable } from './postgres-available';
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
