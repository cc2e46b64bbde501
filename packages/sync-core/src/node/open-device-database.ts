import { openSqliteDatabase } from '@fieldsync/sqlite3-dialect';
import { ForeignDatabaseError } from '../errors/sync-core-errors';
import type { LocalDb } from '../local-store/local-db';
import { verifyDeviceDatabase } from '../local-store/verify-device-database';

/**
 * Opens (or creates) a device database file on Node with the sqlite3 driver, then checks it with
 * {@link verifyDeviceDatabase}. A file that is not SQLite, is damaged, or is another app's database
 * (tables but no Fieldsync marker) throws {@link ForeignDatabaseError} and is left as it was.
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
    await verifyDeviceDatabase(db, file);
    return db;
  } catch (error) {
    await db.destroy();
    if (error instanceof ForeignDatabaseError) throw error;
    throw new ForeignDatabaseError(file, error instanceof Error ? error.message : String(error), { cause: error });
  }
}
