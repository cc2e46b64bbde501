/**
 * @fieldsync/demo-org: the demo CRM schema and a deterministic demo organization (business units,
 * users, roles and records) with a seeder that loads it into the reference CRM.
 */
export * from './schema';
export * from './org/demo-org';
export * from './org/demo-password';
export * from './org/demo-security';
export * from './org/invalid-demo-options-error';
export * from './random/seeded-random';
export * from './generate/record-mix';
export * from './generate/generate-demo-org';
export * from './seed/seed-summary';
export * from './seed/seed-demo-org';
