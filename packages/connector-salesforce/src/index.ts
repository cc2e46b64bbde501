/**
 * @fieldsync/connector-salesforce: a CrmConnector over the Salesforce REST API with jsforce 3.
 * Start with {@link createSalesforceConnector}.
 */
export type {
  SalesforceClientCredentials,
  SalesforceConnectorConfig,
  SalesforceCredentials,
  SalesforceEntityMapping,
  SalesforceJwtCredentials,
  SalesforcePasswordCredentials,
  SalesforceRetryOptions,
} from './config/salesforce-connector-config';
export { createSalesforceConnector } from './connector/create-salesforce-connector';
export { type SalesforceDirectory, type SalesforceUser, type SalesforceUserQuery, createSalesforceDirectory } from './directory/salesforce-directory';
export { type SalesforceErrorContext, isSessionExpired, isThrottled, isTransient, mapSalesforceError, retryAfterMs } from './errors/map-salesforce-error';
export { SalesforceApiError } from './errors/salesforce-api-error';
export type { SalesforceCallFailure } from './errors/salesforce-call-failure';
