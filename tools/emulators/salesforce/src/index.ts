/**
 * @fieldsync/emulator-salesforce: a Salesforce REST API emulator over crm-store that speaks the real
 * wire format (OAuth, describe, SOQL query and locators, updated / deleted, sObject Collections,
 * limits), for tests and demos. See docs/decisions/080-salesforce-emulator-naming-and-ids.md.
 */
export * from './naming/sobject-naming';
export * from './soql/soql-ast';
export * from './soql/soql-error';
export * from './soql/parse-soql';
export * from './soql/date-literal-range';
export * from './server/emulator-options';
export * from './server/faults';
export * from './server/start-salesforce-emulator';
export { UPDATED_WINDOW_DAYS, DELETED_WINDOW_DAYS } from './server/replication';
export { COLLECTION_LIMIT } from './server/record-writes';
export { MAX_OPEN_CURSORS } from './server/query-engine';
export { USER_SOBJECT } from './server/user-sobject';
export { USER_RECORD_ACCESS } from './server/user-record-access';
export { OBJECT_PERMISSIONS_SOBJECT, PERMISSION_SET_ASSIGNMENT_SOBJECT, PERMISSION_SET_SOBJECT, rolePermissionSetId } from './server/permission-sobjects';
