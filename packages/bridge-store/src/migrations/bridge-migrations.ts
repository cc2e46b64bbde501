import type { Migration, MigrationProvider } from 'kysely';
import { initialSchema } from './001-initial-schema';
import { signInKeysSessionFamiliesRetention } from './002-sign-in-keys-session-families-retention';
import { syncRefreshMode } from './003-sync-refresh-mode';
import { syncFiles } from './004-sync-files';
import { deviceStateIndex } from './005-device-state-index';
import { syncFileKinds } from './006-sync-file-kinds';
import type { MigrationDialect } from './migration-dialect';

/** The migrations table and its lock table, prefixed like every table of the store. */
export const BRIDGE_MIGRATION_TABLE = 'bridge_migration';
/** See {@link BRIDGE_MIGRATION_TABLE}. */
export const BRIDGE_MIGRATION_LOCK_TABLE = 'bridge_migration_lock';

/**
 * The store's migrations, in code (nothing is read from disk at runtime). Names sort in the order
 * they run; a released migration is never edited, a change is a new one.
 */
export function bridgeMigrations(dialect: MigrationDialect): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '001-initial-schema': initialSchema(dialect),
    '002-sign-in-keys-session-families-retention': signInKeysSessionFamiliesRetention(dialect),
    '003-sync-refresh-mode': syncRefreshMode(),
    '004-sync-files': syncFiles(),
    '005-device-state-index': deviceStateIndex(),
    '006-sync-file-kinds': syncFileKinds(),
  };
  return { getMigrations: async () => migrations };
}
