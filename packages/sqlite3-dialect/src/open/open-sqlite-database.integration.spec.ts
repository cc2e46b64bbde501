import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { SqliteQueryError } from '../dialect/sqlite-query-error';
import { openSqliteDatabase } from './open-sqlite-database';
import { SqliteOpenError } from './sqlite-open-error';

interface TestDb {
  item: { id: string; n: number; flag: number | null };
}

describe.each(['sqlite3', 'worker'] as const)('openSqliteDatabase on the %s driver', (driver) => {
  let dir: string;
  let db: Kysely<TestDb>;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite3-dialect-'));
    db = await openSqliteDatabase<TestDb>(path.join(dir, 'test.db'), { driver });
    await db.schema
      .createTable('item')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('n', 'integer', (c) => c.notNull())
      .addColumn('flag', 'integer')
      .execute();
  });

  afterEach(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('applies WAL, NORMAL sync, foreign keys and the page cache', async () => {
    const pragma = async (name: string) => Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as object)[0];
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('synchronous')).toBe(1);
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('cache_size')).toBe(-16000);
    expect(await pragma('busy_timeout')).toBe(5000);
  });

  it('inserts, reads back and reports affected rows', async () => {
    const result = await db
      .insertInto('item')
      .values([
        { id: 'a', n: 1, flag: null },
        { id: 'b', n: 2, flag: null },
      ])
      .executeTakeFirst();
    expect(result.numInsertedOrUpdatedRows).toBe(2n);
    const updated = await db.updateTable('item').set({ n: 5 }).where('id', '=', 'a').executeTakeFirst();
    expect(updated.numUpdatedRows).toBe(1n);
    const returned = await db.updateTable('item').set({ n: 6 }).where('id', '=', 'b').returning(['id', 'n']).execute();
    expect(returned).toEqual([{ id: 'b', n: 6 }]);
    expect(await db.selectFrom('item').selectAll().orderBy('id').execute()).toEqual([
      { id: 'a', n: 5, flag: null },
      { id: 'b', n: 6, flag: null },
    ]);
  });

  it('stores booleans as 0 and 1', async () => {
    await db
      .insertInto('item')
      .values({ id: 'a', n: 1, flag: true as unknown as number })
      .execute();
    expect((await db.selectFrom('item').select('flag').executeTakeFirstOrThrow()).flag).toBe(1);
  });

  it('rolls a failed transaction back entirely', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('item').values({ id: 'a', n: 1, flag: null }).execute();
        await trx.insertInto('item').values({ id: 'a', n: 2, flag: null }).execute();
      }),
    ).rejects.toThrow('UNIQUE constraint failed: item.id');
    expect(await db.selectFrom('item').selectAll().execute()).toEqual([]);
  });

  it('rolls back to a savepoint and keeps the rest of the transaction', async () => {
    const trx = await db.startTransaction().execute();
    await trx.insertInto('item').values({ id: 'a', n: 1, flag: null }).execute();
    const inner = await trx.savepoint('op1').execute();
    await inner.insertInto('item').values({ id: 'b', n: 2, flag: null }).execute();
    await inner.rollbackToSavepoint('op1').execute();
    const second = await trx.savepoint('op2').execute();
    await second.insertInto('item').values({ id: 'c', n: 3, flag: null }).execute();
    await second.releaseSavepoint('op2').execute();
    await trx.commit().execute();
    expect((await db.selectFrom('item').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual(['a', 'c']);
  });

  it('serialises concurrent transactions so none sees another half-done', async () => {
    await db.insertInto('item').values({ id: 'counter', n: 0, flag: null }).execute();
    const increment = () =>
      db.transaction().execute(async (trx) => {
        const { n } = await trx.selectFrom('item').select('n').where('id', '=', 'counter').executeTakeFirstOrThrow();
        await new Promise((resolve) => setTimeout(resolve, 1));
        await trx
          .updateTable('item')
          .set({ n: n + 1 })
          .where('id', '=', 'counter')
          .execute();
      });
    await Promise.all(Array.from({ length: 25 }, increment));
    expect((await db.selectFrom('item').select('n').executeTakeFirstOrThrow()).n).toBe(25);
  });

  it("surfaces SQLite's message and code on a failed statement", async () => {
    const error = await sql`select * from missing_table`.execute(db).catch((e: unknown) => e);
    expect(SqliteQueryError.is(error, 'SQLITE_ERROR')).toBe(true);
    expect((error as Error).message).toContain('no such table: missing_table');
    expect((error as SqliteQueryError).sql).toContain('missing_table');
  });

  it('streams rows in chunks in key order', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => ({ id: `k${String(i).padStart(4, '0')}`, n: i, flag: null }));
    await db.insertInto('item').values(rows).execute();
    const seen: number[] = [];
    for await (const row of db.selectFrom('item').select(['n']).orderBy('id').stream(40)) seen.push(row.n);
    expect(seen).toEqual(rows.map((r) => r.n));
    // The connection is free again after a stream.
    expect(
      (
        await db
          .selectFrom('item')
          .select((eb) => eb.fn.countAll<number>().as('c'))
          .executeTakeFirstOrThrow()
      ).c,
    ).toBe(250);
  });

  it('keeps working when a cached statement meets a changed schema', async () => {
    await db.insertInto('item').values({ id: 'a', n: 1, flag: null }).execute();
    await db.selectFrom('item').selectAll().execute();
    await sql`alter table item add column extra text`.execute(db);
    const rows = await db.selectFrom('item').selectAll().execute();
    expect(rows[0]).toEqual({ id: 'a', n: 1, flag: null, extra: null });
  });

  it('refuses a file that is not a SQLite database with a typed error and leaves it as it was', async () => {
    const foreign = path.join(dir, 'foreign.db');
    const content = 'this is a text file, not a database '.repeat(200);
    fs.writeFileSync(foreign, content);
    const error = await openSqliteDatabase(foreign, { driver }).catch((e: unknown) => e);
    expect(SqliteOpenError.is(error)).toBe(true);
    expect((error as SqliteOpenError).sqliteCode).toBe('SQLITE_NOTADB');
    expect(fs.readFileSync(foreign, 'utf8')).toBe(content);
  });
});
