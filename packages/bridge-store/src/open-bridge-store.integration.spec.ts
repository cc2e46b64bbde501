import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { Client, Pool } from 'pg';
import { FieldsyncError } from '@fieldsync/model';
import { openSqliteDatabase } from '@fieldsync/sqlite3-dialect';
import { parseBridgeStoreUrl } from './database/bridge-store-url';
import { BRIDGE_MIGRATION_LOCK_TABLE, BRIDGE_MIGRATION_TABLE, bridgeMigrations } from './migrations/bridge-migrations';
import { openBridgeStore } from './open-bridge-store';
import { describeEachBridgeStore } from './testing';

const NOW = '2026-11-23T10:00:00.000Z';

/** A plain kysely on the store's database, to look at what the store made. */
async function rawDatabase(url: string): Promise<Kysely<unknown>> {
  const location = parseBridgeStoreUrl(url);
  return location.dialect === 'postgres'
    ? new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: location.connectionString, max: 1 }) }) })
    : openSqliteDatabase<unknown>(location.file);
}

/** A raw connection to a store migrated up to `migration` only, as an older bridge left it. */
async function migratedTo(url: string, dialect: Parameters<typeof bridgeMigrations>[0], migration: string): Promise<Kysely<unknown>> {
  const raw = await rawDatabase(url);
  const migrator = new Migrator({
    db: raw,
    provider: bridgeMigrations(dialect),
    migrationTableName: BRIDGE_MIGRATION_TABLE,
    migrationLockTableName: BRIDGE_MIGRATION_LOCK_TABLE,
  });
  expect((await migrator.migrateTo(migration)).error).toBeUndefined();
  return raw;
}

describeEachBridgeStore('openBridgeStore on $name', (backend) => {
  beforeAll(() => backend.start());
  afterAll(() => backend.stop());

  it('creates only bridge_ tables and reports its dialect', async () => {
    const url = await backend.freshUrl();
    const store = await openBridgeStore({ url });
    expect(store.dialect).toBe(backend.name);
    await store.close();
    const raw = await rawDatabase(url);
    const tables = (await raw.introspection.getTables({ withInternalKyselyTables: true })).map((t) => t.name).sort();
    await raw.destroy();
    expect(tables).toEqual([
      'bridge_command',
      'bridge_customization',
      'bridge_customization_role',
      'bridge_device',
      'bridge_migration',
      'bridge_migration_lock',
      'bridge_session',
      'bridge_setting',
      'bridge_sign_in_attempt',
      'bridge_sync',
      'bridge_sync_log',
    ]);
  });

  it('reopens an existing store without migrating again and keeps its data', async () => {
    const url = await backend.freshUrl();
    const first = await openBridgeStore({ url });
    await first.devices.register({ deviceId: 'dev-1', userId: 'alice', name: 'phone', os: 'iOS', appVersion: '1', now: NOW });
    await first.close();
    const second = await openBridgeStore({ url });
    expect(await second.devices.get('dev-1')).toMatchObject({ userId: 'alice' });
    await second.close();
    const raw = await rawDatabase(url);
    const { rows } = await sql<{ name: string }>`select name from bridge_migration`.execute(raw);
    await raw.destroy();
    expect(rows.map((r) => r.name)).toEqual([
      '001-initial-schema',
      '002-sign-in-keys-session-families-retention',
      '003-sync-refresh-mode',
      '004-sync-files',
      '005-device-state-index',
      '006-sync-file-kinds',
    ]);
  });

  it('reads a state-filtered page of devices and counts it through the state index, not the whole table', async () => {
    const url = await backend.freshUrl();
    const store = await openBridgeStore({ url });
    await store.close();
    const raw = await rawDatabase(url);
    // The planner picks the index for tiny tables too once sequential scans are off (PostgreSQL) or always (SQLite).
    const plan = async (query: string): Promise<string> => {
      if (backend.name === 'postgres') {
        // rawDatabase's pool holds one connection: the setting applies to the explain that follows.
        await sql`set enable_seqscan = off`.execute(raw);
        const { rows } = await sql<{ 'QUERY PLAN': string }>`${sql.raw(`explain ${query}`)}`.execute(raw);
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      }
      const { rows } = await sql<{ detail: string }>`${sql.raw(`explain query plan ${query}`)}`.execute(raw);
      return rows.map((row) => row.detail).join('\n');
    };
    try {
      expect(await plan(`select count(*) from bridge_device where state = 'locked'`)).toContain('bridge_device_state');
      expect(await plan(`select * from bridge_device where state = 'locked' and device_id > 'a' order by device_id limit 26`)).toContain('bridge_device_state');
    } finally {
      await raw.destroy();
    }
  });

  it('upgrades a store made by the first schema: each session starts its own family, attempts are keyed by their lower-cased name', async () => {
    const url = await backend.freshUrl();
    const raw = await migratedTo(url, backend.name, '001-initial-schema');
    await sql`insert into bridge_session (id, user_id, device_id, refresh_token_hash, created_at, expires_at, revoked_at) values ('s1', 'alice', null, 'h1', ${NOW}, '2026-12-23T10:00:00.000Z', null)`.execute(
      raw,
    );
    await sql`insert into bridge_sign_in_attempt (user_name, device_id, success, attempted_at) values ('Carol', null, ${false}, ${NOW})`.execute(raw);
    await raw.destroy();
    const store = await openBridgeStore({ url });
    expect(await store.sessions.get('s1')).toMatchObject({ id: 's1', familyId: 's1' });
    expect(await store.sessions.endFamily('s1', NOW)).toBe(1);
    expect(await store.signInAttempts.failuresSince({ userKey: 'name:carol', since: NOW })).toEqual({ byUser: 1, byDevice: 0, byAddress: 0 });
    await store.close();
  });

  it('upgrades a store made before the Refresh Mode: its syncs keep every field and have no refreshMode', async () => {
    const url = await backend.freshUrl();
    const raw = await migratedTo(url, backend.name, '002-sign-in-keys-session-families-retention');
    await sql`insert into bridge_sync (id, sync_id, device_id, user_id, started_at, ended_at, duration_ms, type, success, cancelled, uploads, upload_errors, retries, downloaded, error)
      values ('t1', 's-old', 'dev-1', 'alice', ${NOW}, ${NOW}, 5, 'incremental', ${true}, ${false}, 1, 0, 0, 7, null)`.execute(raw);
    await raw.destroy();
    const store = await openBridgeStore({ url });
    const [old] = (await store.syncs.listByDevice('dev-1', { first: 10 })).syncs;
    expect(old).toMatchObject({ id: 't1', syncId: 's-old', downloaded: 7, success: true });
    expect(old).not.toHaveProperty('refreshMode');
    const reported = await store.syncs.record({ ...old, syncId: 's-new', refreshMode: 'non-blocking' });
    expect(reported.refreshMode).toBe('non-blocking');
    await store.close();
  });

  it('lets two stores open a new database at once, migrating it once', async () => {
    const url = await backend.freshUrl();
    const stores = await Promise.all([openBridgeStore({ url }), openBridgeStore({ url })]);
    await stores[0].settings.set({ shared: true }, NOW);
    expect(await stores[1].settings.all()).toEqual({ shared: true });
    await Promise.all(stores.map((s) => s.close()));
  });

  it('closes once, however often close is called', async () => {
    const store = await openBridgeStore({ url: await backend.freshUrl() });
    await Promise.all([store.close(), store.close()]);
    await expect(store.close()).resolves.toBeUndefined();
  });
});

describe('openBridgeStore URLs', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bridge-store-url-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([':memory:', 'sqlite::memory:'])('opens %s as a private SQLite database', async (url) => {
    const store = await openBridgeStore({ url });
    expect(store.dialect).toBe('sqlite');
    await store.settings.set({ a: 1 }, NOW);
    expect(await store.settings.all()).toEqual({ a: 1 });
    await store.close();
  });

  it('opens a plain path and a sqlite: URL as the same file, in WAL mode', async () => {
    const file = path.join(dir, 'same.db');
    const byPath = await openBridgeStore({ url: file });
    await byPath.settings.set({ where: 'file' }, NOW);
    await byPath.close();
    const byUrl = await openBridgeStore({ url: `sqlite://${file}` });
    expect(await byUrl.settings.all()).toEqual({ where: 'file' });
    await byUrl.close();
    const raw = await openSqliteDatabase(file);
    const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(raw);
    await raw.destroy();
    expect(rows[0].journal_mode).toBe('wal');
  });

  it.each(['', 'sqlite:', 'mysql://user@host/db', 'https://example.com/db', 'postgres://host:notaport/db'])(
    'refuses %j with INVALID_DATABASE_URL',
    async (url) => {
      const error = await openBridgeStore({ url }).catch((e: unknown) => e);
      expect(FieldsyncError.is(error, 'INVALID_DATABASE_URL')).toBe(true);
    },
  );

  it('refuses a file that is not a SQLite database with INVALID_DATABASE_URL and leaves it unchanged', async () => {
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'not a database '.repeat(500));
    await expect(openBridgeStore({ url: file })).rejects.toMatchObject({ code: 'INVALID_DATABASE_URL', details: { reason: 'SQLITE_NOTADB' } });
    expect(fs.readFileSync(file, 'utf8')).toBe('not a database '.repeat(500));
  });

  it('does not repeat a password in the error', async () => {
    const error = (await openBridgeStore({ url: 'mysql://bridge:s3cret@db/bridge' }).catch((e: unknown) => e)) as FieldsyncError;
    expect(error.message).not.toContain('s3cret');
    expect(JSON.stringify(error.details)).not.toContain('s3cret');
    expect(error.message).toContain('mysql://bridge:***@db/bridge');
  });
});

describeEachBridgeStore(
  'openBridgeStore on a PostgreSQL database with a language collation',
  (backend) => {
    beforeAll(() => backend.start());
    afterAll(() => backend.stop());

    it('still orders device ids by their bytes, as on SQLite', async () => {
      const adminUrl = await backend.freshUrl();
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      const icu = await admin.query(`select 1 from pg_collation where collprovider = 'i' and collname = 'en-US-x-icu'`);
      const name = `icu_${path.basename(new URL(adminUrl).pathname)}`;
      // en-US sorts '_x' and 'a' before 'B'; byte order puts uppercase first.
      if (icu.rowCount) await admin.query(`create database "${name}" template template0 locale_provider icu icu_locale 'en-US' locale 'C'`);
      await admin.end();
      if (!icu.rowCount) return; // a server built without ICU has no language collation to test against
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const store = await openBridgeStore({ url: url.toString() });
      for (const deviceId of ['b', 'a', 'B', '_x', 'A-1'])
        await store.devices.register({ deviceId, userId: 'alice', name: 'n', os: 'o', appVersion: '1', now: NOW });
      const page = await store.devices.list({ now: NOW, first: 2 });
      const rest = await store.devices.list({ now: NOW, first: 10, after: page.cursors[1] });
      await store.close();
      expect([...page.devices, ...rest.devices].map((d) => d.deviceId)).toEqual(['A-1', 'B', '_x', 'a', 'b']);
    });
  },
  { only: 'postgres' },
);
