/**
 * @fieldsync/crm-store: the reference CRM. Entity tables with one global row-version counter,
 * tombstones, sharing, an access log, security roles with depths, field-level security, sessions,
 * idempotent writes, attachments and server rules, on kysely over one SQLite file.
 */
export * from './api';
export * from './errors';
export * from './rules';
export * from './store/open-crm-store';
