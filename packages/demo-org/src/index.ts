/**
 * @fieldsync/demo-org: the demo CRM schema and a deterministic demo organization (business units,
 * users, roles and records) with a seeder that loads it into the reference CRM.
 */
export { type DemoOrgOptions, generateDemoOrg } from './generate/generate-demo-org';
export type { DemoAttachment, DemoBusinessUnit, DemoEntityPrivileges, DemoOrg, DemoPrivilegeDepth, DemoRole, DemoUser } from './org/demo-org';
export { DEMO_PASSWORD } from './org/demo-password';
export { DEMO_ROLE_NAMES } from './org/demo-security';
export { SeededRandom } from './random/seeded-random';
export { demoSchema } from './schema/demo-schema';
export { seedDemoOrg } from './seed/seed-demo-org';
export type { SeedProgress, SeedSummary } from './seed/seed-summary';
