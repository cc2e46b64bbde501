import { sql } from 'kysely';
import { openSqliteDatabase } from '@fieldsync/sqlite3-dialect';
import { ForeignDatabaseError } from '../errors/sync-core-errors';
import type { LocalDb } from './local-db';
import { LOCAL_FORMAT, SYSTEM_TABLES } from './system-tables';

/**
 * Opens (or creates) a device database file on Node with the sqlite3 driver. A file that is not
 * SQLite, is damaged, or is another app's database (tables but no Fieldsync marker) throws
 * {@link ForeignDatabaseError} and is left as it was.
 */
export async function openDeviceDatabase(file: string): Promise<LocalDb> {
  let db: LocalDb;
  try {
    // A 64 MB page cache keeps the index of a million-record table in memory during a full download.
    db = await openSqliteDatabase(file, { cacheSizeKib: 64_000 });
  } catch (error) {
    throw new ForeignDatabaseError(file, error instanceof Error ? error.message : String(error), { cause: error });
  }
  try {
    const tables = (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows.map((row) => row.name);
    if (tables.length > 0) {
      const marker = tables.includes(SYSTEM_TABLES.meta)
        ? await db.selectFrom(SYSTEM_TABLES.meta).select('value').where('key', '=', 'format').executeTakeFirst()
        : undefined;
      if (!marker || JSON.parse(marker.value as string) !== LOCAL_FORMAT) {
        throw new ForeignDatabaseError(file, `it has tables (${tables.slice(0, 3).join(', ')}${tables.length > 3 ? ', …' : ''}) but no ${LOCAL_FORMAT} marker`);
      }
      const check = (await sql<{ quick_check: string }>`pragma quick_check`.execute(db)).rows;
      if (check.length !== 1 || Object.values(check[0])[0] !== 'ok') throw new ForeignDatabaseError(file, `integrity check failed: ${JSON.stringify(check[0])}`);
    }
    return db;
  } catch (error) {
    await db.destroy();
    if (error instanceof ForeignDatabaseError) throw error;
    throw new ForeignDatabaseError(file, error instanceof Error ? error.message : String(error), { cause: error });
  }
}
