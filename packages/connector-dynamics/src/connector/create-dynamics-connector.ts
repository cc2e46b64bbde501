import type { CrmConnector } from '@fieldsync/connector-api';
import type { DynamicsConnectorConfig } from '../config/dynamics-connector-config';
import { DynamicsConnector } from './dynamics-connector';

/**
 * Makes a {@link CrmConnector} over the Dataverse Web API for the identity `config.credentials` names.
 * Throws `InvalidConnectorConfigError` for a bad config; makes no call until the first method.
 * @example
 * const connector = createDynamicsConnector({
 *   environmentUrl: 'https://contoso.crm4.dynamics.com',
 *   credentials: { kind: 'clientCredentials', clientId, clientSecret, tenantId },
 * });
 */
export function createDynamicsConnector(config: DynamicsConnectorConfig): CrmConnector {
  return new DynamicsConnector(config);
}
