import { sql, type Kysely, type Migration } from 'kysely';
import { keyText, type MigrationDialect } from './migration-dialect';

/**
 * Sign-in attempts keyed by canonical user and client address (decision 116), refresh sessions in
 * families that end together (decision 117), and the indexes the retention purge deletes by
 * (decision 118). Existing attempts are keyed by their lower-cased name; each existing session
 * starts a family of its own.
 */
export function signInKeysSessionFamiliesRetention(dialect: MigrationDialect): Migration {
  const key = keyText(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('bridge_sign_in_attempt').addColumn('user_key', key).execute();
      await db.schema.alterTable('bridge_sign_in_attempt').addColumn('client_address', key).execute();
      await sql`update bridge_sign_in_attempt set user_key = 'name:' || lower(user_name)`.execute(db);
      await db.schema.createIndex('bridge_sign_in_attempt_user_key').on('bridge_sign_in_attempt').columns(['user_key', 'attempted_at']).execute();
      await db.schema.createIndex('bridge_sign_in_attempt_address').on('bridge_sign_in_attempt').columns(['client_address', 'attempted_at']).execute();
      await db.schema.createIndex('bridge_sign_in_attempt_time').on('bridge_sign_in_attempt').columns(['attempted_at', 'seq']).execute();

      await db.schema.alterTable('bridge_session').addColumn('family_id', key).execute();
      await db.schema.alterTable('bridge_session').addColumn('family_ended_at', key).execute();
      await sql`update bridge_session set family_id = id`.execute(db);
      await db.schema.createIndex('bridge_session_family').on('bridge_session').column('family_id').execute();
      await db.schema.createIndex('bridge_session_expiry').on('bridge_session').columns(['expires_at', 'id']).execute();

      await db.schema.createIndex('bridge_sync_log_time').on('bridge_sync_log').columns(['uploaded_at', 'seq']).execute();
      await db.schema.createIndex('bridge_sync_time').on('bridge_sync').columns(['started_at', 'id']).execute();
    },
  };
}
