/**
 * @fieldsync/bridge-store: the bridge server's own state (devices, sessions, commands, customizations,
 * sync tracking, logs, settings, sign-in attempts) on kysely, SQLite by default, PostgreSQL by URL.
 */
export * from './api/bridge-store';
export * from './api/open-bridge-store-options';
export * from './errors/bridge-store-error';
export * from './database/bridge-store-url';
export * from './paging/page-size';
export * from './open-bridge-store';
