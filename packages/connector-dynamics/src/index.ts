/**
 * @fieldsync/connector-dynamics: a CrmConnector over the Dynamics 365 / Dataverse Web API v9.2
 * (undici, tokens from @azure/msal-node). Start with {@link createDynamicsConnector}.
 */
export * from './config';
export { createDynamicsConnector } from './connector/create-dynamics-connector';
export { DynamicsConnector } from './connector/dynamics-connector';
export { validateDynamicsConfig, type ResolvedDynamicsConfig } from './connector/validate-dynamics-config';
export * from './anchor';
export * from './errors';
export * from './schema';
export * from './batch';
export * from './auth';
export * from './directory';
