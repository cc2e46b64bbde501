import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, sql } from 'kysely';
import { SqliteQueryError } from '../dialect/sqlite-query-error';
import { openSqliteDatabase } from '../open/open-sqlite-database';
import { SqliteOpenError } from '../open/sqlite-open-error';

interface TestDb {
  item: { id: string; n: number };
}

describe('the worker driver', () => {
  let dir: string;
  let db: Kysely<TestDb>;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-dialect-'));
    db = await openSqliteDatabase<TestDb>(path.join(dir, 'test.db'), { driver: 'worker' });
    await sql`create table item (id text primary key, n integer not null)`.execute(db);
  });

  afterEach(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers a failed statement with the primary SQLite code and leaves the transaction rolled back', async () => {
    await db.insertInto('item').values({ id: 'a', n: 1 }).execute();
    const error = await db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('item').values({ id: 'b', n: 2 }).execute();
        await trx.insertInto('item').values({ id: 'a', n: 3 }).execute();
      })
      .catch((e: unknown) => e);
    expect(SqliteQueryError.is(error, 'SQLITE_CONSTRAINT')).toBe(true);
    expect((error as Error).message).toBe('SQLITE_CONSTRAINT: UNIQUE constraint failed: item.id');
    expect((await db.selectFrom('item').select('id').execute()).map((row) => row.id)).toEqual(['a']);
  });

  it('frees the connection when a stream is left before its end', async () => {
    await db
      .insertInto('item')
      .values(Array.from({ length: 50 }, (_, n) => ({ id: `k${String(n).padStart(3, '0')}`, n })))
      .execute();
    const seen: number[] = [];
    for await (const row of db.selectFrom('item').select('n').orderBy('id').stream(10)) {
      seen.push(row.n);
      if (seen.length === 15) break;
    }
    expect(seen).toEqual(Array.from({ length: 15 }, (_, n) => n));
    await db.insertInto('item').values({ id: 'z', n: 99 }).execute();
    expect((await db.selectFrom('item').select('n').where('id', '=', 'z').executeTakeFirstOrThrow()).n).toBe(99);
  });

  it('refuses a file it cannot open with a typed error', async () => {
    const error = await openSqliteDatabase(path.join(dir, 'missing', 'nested.db'), { driver: 'worker' }).catch((e: unknown) => e);
    expect(SqliteOpenError.is(error)).toBe(true);
    expect((error as SqliteOpenError).sqliteCode).toBe('SQLITE_CANTOPEN');
  });

  it('does not keep a process alive once no query waits', async () => {
    // A script that opens a database, writes, and never closes it: the process must still end by itself.
    const script = path.join(dir, 'left-open.ts');
    fs.writeFileSync(
      script,
      `import { openSqliteDatabase } from ${JSON.stringify(path.join(__dirname, '..', 'index'))};\n` +
        `openSqliteDatabase(${JSON.stringify(path.join(dir, 'left-open.db'))}, { driver: 'worker' })\n` +
        `  .then((db) => db.selectNoFrom((eb) => eb.val(1).as('one')).execute())\n` +
        `  .then((rows) => process.stdout.write(JSON.stringify(rows)));\n`,
    );
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--require', require.resolve('tsx/cjs'), script], { timeout: 30_000 }, (error, out) =>
        error ? reject(error) : resolve(out),
      ),
    );
    expect(JSON.parse(stdout)).toEqual([{ one: 1 }]);
  });
});
