import type { CrmConnector } from '@fieldsync/connector-api';
import type { SalesforceConnectorConfig } from '../config/salesforce-connector-config';
import { SalesforceConnector } from './salesforce-connector';

/**
 * A {@link CrmConnector} over Salesforce (REST API through jsforce 3) for the configured user. Not
 * signed in yet: the first call signs in.
 * @example createSalesforceConnector({ loginUrl: 'https://login.salesforce.com', credentials: { kind: 'jwt', clientId, username, privateKey }, externalIdField: 'Fieldsync_Id__c' })
 */
export function createSalesforceConnector(config: SalesforceConnectorConfig): CrmConnector {
  return new SalesforceConnector(config);
}
