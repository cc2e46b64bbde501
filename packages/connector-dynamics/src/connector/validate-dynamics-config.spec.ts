import type { DynamicsConnectorConfig } from '../config/dynamics-connector-config';
import { validateDynamicsConfig } from './validate-dynamics-config';

const config: DynamicsConnectorConfig = {
  environmentUrl: 'https://contoso.crm4.dynamics.com/',
  credentials: { kind: 'clientCredentials', clientId: 'app', clientSecret: 's', tenantId: 't' },
};

describe('validateDynamicsConfig', () => {
  it('applies the defaults: the v9.2 Web API root, 1,000 per batch, pages of 5,000, 7 days of change tracking', () => {
    expect(validateDynamicsConfig(config)).toMatchObject({
      environmentUrl: 'https://contoso.crm4.dynamics.com',
      apiUrl: 'https://contoso.crm4.dynamics.com/api/data/v9.2/',
      maxBatchSize: 1_000,
      maxRequestsPerBatch: 1_000,
      maxPageSize: 5_000,
      changeTrackingRetentionDays: 7,
      maxAttachmentBytes: 5_242_880,
    });
  });

  it.each<[string, Partial<DynamicsConnectorConfig>]>([
    ['environmentUrl', { environmentUrl: 'http://contoso' }],
    ['credentials.clientSecret', { credentials: { kind: 'clientCredentials', clientId: 'a', clientSecret: '', tenantId: 't' } }],
    ['credentials.tenantId', { credentials: { kind: 'password', clientId: 'a', tenantId: '', username: 'u', password: 'p' } }],
    ['maxRequestsPerBatch', { maxRequestsPerBatch: 1_001 }],
    ['maxPageSize', { maxPageSize: 5_001 }],
    ['authority.authority', { authority: { authority: 'http://127.0.0.1:1/t' } }],
    ['authority.authorityMetadata', { authority: { authorityMetadata: '{nope' } }],
    ['callerId', { callerId: 'alice' }],
  ])('refuses a bad %s, naming it', (field, change) => {
    expect(() => validateDynamicsConfig({ ...config, ...change })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONNECTOR_CONFIG', details: expect.objectContaining({ field }) }),
    );
  });
});
