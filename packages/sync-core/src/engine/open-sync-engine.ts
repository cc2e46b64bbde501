import { openLocalDatabase } from '../local-database/local-database';
import { checkConnectionOptions } from './check-connection-options';
import type { SyncEngine } from './sync-engine';
import type { SyncEngineOptions } from './sync-engine-options';

/**
 * Opens the local database over the app's Kysely (creating the system tables) and connects it: the
 * one-call form of `openLocalDatabase(options).connect(options)`. Throws
 * `InvalidEngineOptionsError` as `connect` does, before the database is touched.
 */
export async function openSyncEngine(options: SyncEngineOptions): Promise<SyncEngine> {
  checkConnectionOptions(options);
  const local = await openLocalDatabase(options);
  return local.connect(options);
}
