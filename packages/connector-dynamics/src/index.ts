/**
 * @fieldsync/connector-dynamics: a CrmConnector over the Dynamics 365 / Dataverse Web API v9.2
 * (undici, tokens from @azure/msal-node). Start with {@link createDynamicsConnector}.
 */
export { type DynamicsAnchor, decodeDynamicsAnchor } from './anchor/dynamics-anchor';
export { UndiciNetworkModule } from '@fieldsync/azure-ad-auth';
export type {
  DynamicsAuthorityOptions,
  DynamicsClientCredentials,
  DynamicsConnectorConfig,
  DynamicsCredentials,
  DynamicsPasswordCredentials,
  DynamicsRetryOptions,
} from './config/dynamics-connector-config';
export { createDynamicsConnector } from './connector/create-dynamics-connector';
export { type DynamicsDirectory, type DynamicsUser, type DynamicsUserQuery, createDynamicsDirectory } from './directory/dynamics-directory';
export { BatchFormatError } from './errors/batch-format-error';
export type { DynamicsCallFailure } from './errors/dynamics-call-failure';
export { InvalidConnectorConfigError } from './errors/invalid-connector-config-error';
export { isSessionRefused, isThrottled, isTransient, retryAfterMs } from './errors/map-dynamics-error';
