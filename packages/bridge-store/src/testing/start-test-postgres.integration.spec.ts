import { Client } from 'pg';
import { postgresAvailable, TEST_DATABASE_URL_VARIABLE } from './postgres-available';
import { startTestPostgres } from './start-test-postgres';

const describeWithPostgres = postgresAvailable() || process.env.CI ? describe : describe.skip;

async function query(url: string, text: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describeWithPostgres('startTestPostgres', () => {
  const saved = process.env[TEST_DATABASE_URL_VARIABLE];
  afterEach(() => {
    if (saved === undefined) delete process.env[TEST_DATABASE_URL_VARIABLE];
    else process.env[TEST_DATABASE_URL_VARIABLE] = saved;
  });

  it('runs a server that creates empty databases, then stops it', async () => {
    const server = await startTestPostgres();
    const url = await server.createDatabase();
    const other = await server.createDatabase();
    expect(other).not.toBe(url);
    expect(await query(url, 'select current_database() as name, 1 + 1 as two')).toEqual([{ name: new URL(url).pathname.slice(1), two: 2 }]);
    expect(await query(url, `select count(*)::int as n from pg_tables where schemaname = 'public'`)).toEqual([{ n: 0 }]);
    await server.stop();
    await expect(query(url, 'select 1')).rejects.toThrow();
  });

  it('uses the server named by FIELDSYNC_TEST_DATABASE_URL instead, dropping its databases on stop', async () => {
    const host = await startTestPostgres();
    try {
      process.env[TEST_DATABASE_URL_VARIABLE] = host.url('postgres');
      const guest = await startTestPostgres();
      const url = await guest.createDatabase();
      expect(new URL(url).port).toBe(new URL(host.url('postgres')).port);
      const name = new URL(url).pathname.slice(1);
      expect(await query(host.url('postgres'), `select datname from pg_database where datname = '${name}'`)).toHaveLength(1);
      await guest.stop();
      expect(await query(host.url('postgres'), `select datname from pg_database where datname = '${name}'`)).toHaveLength(0);
      // The host server still runs.
      expect(await query(host.url('postgres'), 'select 1 as one')).toEqual([{ one: 1 }]);
    } finally {
      await host.stop();
    }
  });
});
