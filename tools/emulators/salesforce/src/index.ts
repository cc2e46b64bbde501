/**
 * @fieldsync/emulator-salesforce: a Salesforce REST API emulator over crm-store that speaks the real
 * wire format (OAuth, describe, SOQL query and locators, updated / deleted, sObject Collections,
 * limits), for tests and demos. See docs/decisions/080-salesforce-emulator-naming-and-ids.md.
 */
export { SObjectCatalog, type SObjectField, type SObjectType, type SalesforceFieldType, sObjectNameOf } from './naming/sobject-naming';
export type { ConnectedApp, SalesforceEmulatorOptions } from './server/emulator-options';
export type { SalesforceEmulatorFaults } from './server/faults';
export { type SalesforceEmulator, startSalesforceEmulator } from './server/start-salesforce-emulator';
