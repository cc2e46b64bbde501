import type { CrmConnector } from '@fieldsync/connector-api';
import { EmbeddedConnector } from './embedded-connector';
import type { EmbeddedConnectorConfig } from './embedded-connector-config';

/**
 * A {@link CrmConnector} over the reference CRM (crm-store) for one user; not signed in until the
 * first call or `signIn()`.
 * @example const connector = createEmbeddedConnector({ store, userName: 'alice', password });
 */
export function createEmbeddedConnector(config: EmbeddedConnectorConfig): CrmConnector {
  return new EmbeddedConnector(Object.freeze({ ...config }));
}
