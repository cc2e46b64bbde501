/**
 * `@fieldsync/bridge-server/dynamics`: the bridge's Dynamics 365 backend, an entry of its own so that
 * a bridge over another CRM never loads msal-node (decision 148).
 */
export { type DynamicsBackendOptions, createDynamicsBackend } from './backend/dynamics-backend';
