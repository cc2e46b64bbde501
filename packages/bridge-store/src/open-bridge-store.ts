import { Kysely, PostgresDialect } from 'kysely';
import type { Pool as PgPool } from 'pg';
import { openSqliteDatabase, SqliteOpenError } from '@fieldsync/sqlite3-dialect';
import type { BridgeStore } from './api/bridge-store';
import type { OpenBridgeStoreOptions } from './api/open-bridge-store-options';
import type { BridgeDatabase } from './database/bridge-database';
import { parseBridgeStoreUrl, redactUrl, type BridgeStoreLocation } from './database/bridge-store-url';
import { BridgeStoreError } from './errors/bridge-store-error';
import { migrateBridgeDatabase } from './migrations/migrate-bridge-database';
import { KyselyCommandRepository } from './repositories/command-repository';
import { KyselyCustomizationRepository } from './repositories/customization-repository';
import { KyselyDeviceRepository } from './repositories/device-repository';
import { KyselyRetentionRepository } from './repositories/retention-repository';
import { KyselySessionRepository } from './repositories/session-repository';
import { KyselySettingsRepository } from './repositories/settings-repository';
import { KyselySignInAttemptRepository } from './repositories/sign-in-attempt-repository';
import { KyselySyncLogRepository } from './repositories/sync-log-repository';
import { KyselySyncTrackingRepository } from './repositories/sync-tracking-repository';

/** How long a SQLite statement waits for another process's write lock. */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;
/** Connections a PostgreSQL store keeps at most. */
const POSTGRES_POOL_SIZE = 10;

/**
 * Opens the bridge store at `url` and brings its schema up to date (creating the `bridge_` tables
 * on first use). SQLite files open in WAL mode with a busy timeout; PostgreSQL goes through a `pg`
 * pool. Throws `BridgeStoreError` `INVALID_DATABASE_URL` for a URL or file it cannot use; a
 * PostgreSQL server that cannot be reached fails with the driver's error (retry later).
 * @example const store = await openBridgeStore({ url: process.env.BRIDGE_DATABASE_URL ?? 'bridge.db' });
 */
export async function openBridgeStore(options: OpenBridgeStoreOptions): Promise<BridgeStore> {
  const location = parseBridgeStoreUrl(options.url);
  const db = await openKysely(location, options.url);
  try {
    await migrateBridgeDatabase(db, location.dialect);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
  return createBridgeStore(db, location.dialect);
}

async function openKysely(location: BridgeStoreLocation, url: string): Promise<Kysely<BridgeDatabase>> {
  if (location.dialect === 'postgres') {
    // Required here, not at the top: a bridge on SQLite never loads pg (decision 148).
    const { Pool } = require('pg') as typeof import('pg');
    const pool: PgPool = new Pool({ connectionString: location.connectionString, max: POSTGRES_POOL_SIZE });
    // An idle connection the server drops must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
    return new Kysely<BridgeDatabase>({ dialect: new PostgresDialect({ pool }) });
  }
  try {
    return await openSqliteDatabase<BridgeDatabase>(location.file, { busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS });
  } catch (error) {
    if (!SqliteOpenError.is(error)) throw error;
    const shown = redactUrl(url);
    throw new BridgeStoreError(
      'INVALID_DATABASE_URL',
      `cannot open '${shown}' as a SQLite database: ${error.message}`,
      { url: shown, reason: error.sqliteCode },
      { cause: error },
    );
  }
}

function createBridgeStore(db: Kysely<BridgeDatabase>, dialect: BridgeStore['dialect']): BridgeStore {
  let closing: Promise<void> | undefined;
  return Object.freeze({
    devices: new KyselyDeviceRepository(db),
    sessions: new KyselySessionRepository(db),
    commands: new KyselyCommandRepository(db),
    customizations: new KyselyCustomizationRepository(db),
    syncs: new KyselySyncTrackingRepository(db),
    logs: new KyselySyncLogRepository(db),
    settings: new KyselySettingsRepository(db),
    signInAttempts: new KyselySignInAttemptRepository(db),
    retention: new KyselyRetentionRepository(db),
    dialect,
    close: () => (closing ??= db.destroy()),
  });
}
