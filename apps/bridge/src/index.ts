/**
 * @fieldsync/bridge: the server mobile apps sync through: the GraphQL device and admin APIs over the
 * embedded CRM, with GraphiQL, a health endpoint and structured logs.
 */
export * from './start-bridge';
export * from './backend/embedded-backend';
export * from './logging/create-logger';
export * from './backend/salesforce-backend';
export * from './backend/dynamics-backend';
export * from './errors/demo-refused-error';
export * from './http/is-loopback-host';
export * from './retention/retention-purger';
