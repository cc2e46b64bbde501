import { sql } from 'kysely';
import { ForeignDatabaseError } from '../errors/sync-core-errors';
import type { LocalDb } from './local-db';
import { LOCAL_FORMAT, SYSTEM_TABLES } from './system-tables';

/**
 * Checks that a SQLite database opened through any kysely dialect (sqlite3 on Node, SQLite WASM in a
 * browser, op-sqlite or expo-sqlite on React Native) may be used as a device database: empty, or a
 * Fieldsync device database that passes `pragma quick_check`. Throws {@link ForeignDatabaseError}
 * naming `name` (the file, or whatever the app calls the database) otherwise; changes nothing.
 */
export async function verifyDeviceDatabase(db: LocalDb, name: string): Promise<void> {
  const tables = (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows.map((row) => row.name);
  if (tables.length === 0) return;
  const marker = tables.includes(SYSTEM_TABLES.meta)
    ? await db.selectFrom(SYSTEM_TABLES.meta).select('value').where('key', '=', 'format').executeTakeFirst()
    : undefined;
  if (!marker || JSON.parse(marker.value as string) !== LOCAL_FORMAT) {
    throw new ForeignDatabaseError(name, `it has tables (${tables.slice(0, 3).join(', ')}${tables.length > 3 ? ', …' : ''}) but no ${LOCAL_FORMAT} marker`);
  }
  const check = (await sql<{ quick_check: string }>`pragma quick_check`.execute(db)).rows;
  if (check.length !== 1 || Object.values(check[0])[0] !== 'ok') throw new ForeignDatabaseError(name, `integrity check failed: ${JSON.stringify(check[0])}`);
}
