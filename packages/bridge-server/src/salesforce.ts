/**
 * `@fieldsync/bridge-server/salesforce`: the bridge's Salesforce backend, an entry of its own so that
 * a bridge over another CRM never loads jsforce (decision 148).
 */
export { type SalesforceBackendOptions, createSalesforceBackend } from './backend/salesforce-backend';
