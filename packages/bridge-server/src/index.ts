/**
 * @fieldsync/bridge-server: the server mobile apps sync through, as a library: `startBridge` serves the
 * GraphQL device and admin APIs over the embedded CRM (or Salesforce, Dynamics), with GraphiQL, a
 * health endpoint and structured logs. The deployable entry point is the CLI's `fieldsync serve`
 * (`npm start`); test support is in the `testing` entry.
 */
export * from './start-bridge';
export * from './backend/embedded-backend';
export * from './logging/create-logger';
export * from './backend/salesforce-backend';
export * from './backend/dynamics-backend';
export * from './errors/demo-refused-error';
export * from './http/is-loopback-host';
export * from './retention/retention-purger';
