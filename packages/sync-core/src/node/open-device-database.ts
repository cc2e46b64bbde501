import { openSqliteDatabase } from '@fieldsync/sqlite3-dialect';
import { ForeignDatabaseError } from '../errors/sync-core-errors';
import type { LocalDb } from '../local-store/local-db';
import { verifyDeviceDatabase } from '../local-store/verify-device-database';

/** How {@link openDeviceDatabase} opens the file. */
export interface OpenDeviceDatabaseOptions {
  /**
   * The SQLite driver: `'worker'`, better-sqlite3 on a worker thread (the engine's database work
   * off the app's event loop, decision 154), or `'sqlite3'`, the asynchronous sqlite3 package.
   * @default 'worker'
   */
  readonly driver?: 'worker' | 'sqlite3';
}

/**
 * Opens (or creates) a device database file on Node (by default better-sqlite3 on a worker thread),
 * then checks it with {@link verifyDeviceDatabase}. A file that is not SQLite, is damaged, or is
 * another app's database (tables but no Fieldsync marker) throws {@link ForeignDatabaseError} and is
 * left as it was.
 */
export async function openDeviceDatabase(file: string, options: OpenDeviceDatabaseOptions = {}): Promise<LocalDb> {
  let db: LocalDb;
  try {
    // A 64 MB page cache keeps the index of a million-record table in memory during a full download.
    db = await openSqliteDatabase(file, { cacheSizeKib: 64_000, driver: options.driver ?? 'worker' });
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
