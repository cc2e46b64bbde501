import { Migrator, sql, type Kysely } from 'kysely';
import type { BridgeDatabase } from '../database/bridge-database';
import { BRIDGE_MIGRATION_LOCK_TABLE, BRIDGE_MIGRATION_TABLE, bridgeMigrations } from './bridge-migrations';
import type { MigrationDialect } from './migration-dialect';

/**
 * Brings the schema to the latest migration; does nothing when it is there already. Concurrent
 * openers (other processes too) wait for the first and then find the work done. Throws the failing
 * migration's error, with the schema left as before it.
 */
export async function migrateBridgeDatabase(db: Kysely<BridgeDatabase>, dialect: MigrationDialect): Promise<void> {
  if (dialect === 'postgres') return migrate(db, dialect);
  // kysely runs SQLite migrations outside a transaction and its SQLite migration lock does nothing,
  // so two processes opening a new file at once would both create the tables. SQLite has
  // transactional DDL and the sqlite3 dialect one connection, so an immediate transaction around the
  // migrator makes the second opener wait for the first's write lock and then see the work done.
  await sql`begin immediate`.execute(db);
  try {
    await migrate(db, dialect);
    await sql`commit`.execute(db);
  } catch (error) {
    await sql`rollback`.execute(db).catch(() => undefined);
    throw error;
  }
}

async function migrate(db: Kysely<BridgeDatabase>, dialect: MigrationDialect): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: bridgeMigrations(dialect),
    migrationTableName: BRIDGE_MIGRATION_TABLE,
    migrationLockTableName: BRIDGE_MIGRATION_LOCK_TABLE,
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}
