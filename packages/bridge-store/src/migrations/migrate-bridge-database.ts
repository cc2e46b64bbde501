import { Migrator, type Kysely } from 'kysely';
import type { BridgeDatabase } from '../database/bridge-database';
import { BRIDGE_MIGRATION_LOCK_TABLE, BRIDGE_MIGRATION_TABLE, bridgeMigrations } from './bridge-migrations';
import type { MigrationDialect } from './migration-dialect';

/**
 * Brings the schema to the latest migration; does nothing when it is there already. Concurrent
 * openers wait on kysely's migration lock. Throws the failing migration's error.
 */
export async function migrateBridgeDatabase(db: Kysely<BridgeDatabase>, dialect: MigrationDialect): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: bridgeMigrations(dialect),
    migrationTableName: BRIDGE_MIGRATION_TABLE,
    migrationLockTableName: BRIDGE_MIGRATION_LOCK_TABLE,
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}
