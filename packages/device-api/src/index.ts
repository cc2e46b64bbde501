/**
 * @fieldsync/device-api: the bridge's GraphQL API (device and admin) on graphql-yoga, over a CRM
 * backend and the bridge's own state.
 */
export * from './create-device-api';
export * from './backend/crm-backend';
export * from './context/api-services';
export * from './auth/token-service';
export * from './settings/bridge-settings';
export * from './settings/settings-cache';
export * from './schema/device-type-defs';
export * from './schema/admin-type-defs';
export * from './customization/customization-diff';
export * from './resolvers/page-read-ahead';
export * from './plugins/query-limit-plugins';
export * from './plugins/json-only-post-plugin';
