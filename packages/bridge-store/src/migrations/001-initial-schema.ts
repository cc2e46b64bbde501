import type { Kysely, Migration } from 'kysely';
import { addSequenceKey, keyText, type MigrationDialect } from './migration-dialect';

/** The first schema: every `bridge_` table and the indexes its queries need. */
export function initialSchema(dialect: MigrationDialect): Migration {
  const key = keyText(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('bridge_device')
        .addColumn('device_id', key, (c) => c.primaryKey())
        .addColumn('user_id', key, (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('os', 'text', (c) => c.notNull())
        .addColumn('app_version', 'text', (c) => c.notNull())
        .addColumn('state', key, (c) => c.notNull())
        .addColumn('registered_at', key, (c) => c.notNull())
        .addColumn('last_seen_at', key)
        .addColumn('last_sync_at', key)
        .execute();
      await db.schema.createIndex('bridge_device_user').on('bridge_device').columns(['user_id', 'device_id']).execute();

      await db.schema
        .createTable('bridge_session')
        .addColumn('id', key, (c) => c.primaryKey())
        .addColumn('user_id', key, (c) => c.notNull())
        .addColumn('device_id', key)
        .addColumn('refresh_token_hash', key, (c) => c.notNull().unique())
        .addColumn('created_at', key, (c) => c.notNull())
        .addColumn('expires_at', key, (c) => c.notNull())
        .addColumn('revoked_at', key)
        .execute();
      await db.schema.createIndex('bridge_session_device').on('bridge_session').column('device_id').execute();

      await addSequenceKey(db.schema.createTable('bridge_command'), dialect)
        .addColumn('id', key, (c) => c.notNull().unique())
        .addColumn('device_id', key, (c) => c.notNull())
        .addColumn('kind', key, (c) => c.notNull())
        .addColumn('status', key, (c) => c.notNull())
        .addColumn('parameters', 'text')
        .addColumn('issued_at', key, (c) => c.notNull())
        .addColumn('issued_by', 'text', (c) => c.notNull())
        .addColumn('delivered_at', key)
        .addColumn('completed_at', key)
        .addColumn('message', 'text')
        .execute();
      await db.schema.createIndex('bridge_command_device').on('bridge_command').columns(['device_id', 'seq']).execute();

      await db.schema
        .createTable('bridge_customization')
        .addColumn('revision', 'integer', (c) => c.primaryKey())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('entities_hash', 'text', (c) => c.notNull())
        .addColumn('settings_hash', 'text', (c) => c.notNull())
        .addColumn('blob_store_filter_hash', 'text', (c) => c.notNull())
        .addColumn('min_app_version', 'text')
        .addColumn('settings_read_only', 'boolean', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('published_at', key, (c) => c.notNull())
        .addColumn('published_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('bridge_customization_role')
        .addColumn('revision', 'integer', (c) => c.notNull().references('bridge_customization.revision'))
        .addColumn('role', key, (c) => c.notNull())
        .addColumn('priority', 'integer', (c) => c.notNull())
        .addColumn('ordinal', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('bridge_customization_role_pk', ['revision', 'role'])
        .execute();
      await db.schema.createIndex('bridge_customization_role_role').on('bridge_customization_role').columns(['role', 'revision']).execute();

      await db.schema
        .createTable('bridge_sync')
        .addColumn('id', key, (c) => c.primaryKey())
        .addColumn('sync_id', key, (c) => c.notNull())
        .addColumn('device_id', key, (c) => c.notNull())
        .addColumn('user_id', key, (c) => c.notNull())
        .addColumn('started_at', key, (c) => c.notNull())
        .addColumn('ended_at', key, (c) => c.notNull())
        .addColumn('duration_ms', 'bigint', (c) => c.notNull())
        .addColumn('type', key, (c) => c.notNull())
        .addColumn('success', 'boolean', (c) => c.notNull())
        .addColumn('cancelled', 'boolean', (c) => c.notNull())
        .addColumn('uploads', 'integer', (c) => c.notNull())
        .addColumn('upload_errors', 'integer', (c) => c.notNull())
        .addColumn('retries', 'integer', (c) => c.notNull())
        .addColumn('downloaded', 'bigint', (c) => c.notNull())
        .addColumn('error', 'text')
        .addUniqueConstraint('bridge_sync_device_sync', ['device_id', 'sync_id'])
        .execute();
      await db.schema.createIndex('bridge_sync_device_started').on('bridge_sync').columns(['device_id', 'started_at', 'id']).execute();

      await addSequenceKey(db.schema.createTable('bridge_sync_log'), dialect)
        .addColumn('id', key, (c) => c.notNull().unique())
        .addColumn('device_id', key, (c) => c.notNull())
        .addColumn('sync_id', key, (c) => c.notNull())
        .addColumn('uploaded_at', key, (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('bridge_sync_log_device').on('bridge_sync_log').columns(['device_id', 'uploaded_at', 'seq']).execute();

      await db.schema
        .createTable('bridge_setting')
        .addColumn('name', key, (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', key, (c) => c.notNull())
        .execute();

      await addSequenceKey(db.schema.createTable('bridge_sign_in_attempt'), dialect)
        .addColumn('user_name', key, (c) => c.notNull())
        .addColumn('device_id', key)
        .addColumn('success', 'boolean', (c) => c.notNull())
        .addColumn('attempted_at', key, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('bridge_sign_in_attempt_user').on('bridge_sign_in_attempt').columns(['user_name', 'attempted_at']).execute();
      await db.schema.createIndex('bridge_sign_in_attempt_device').on('bridge_sign_in_attempt').columns(['device_id', 'attempted_at']).execute();
    },
  };
}
