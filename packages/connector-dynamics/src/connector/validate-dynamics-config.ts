import { systemClock, type Clock } from '@fieldsync/model';
import type { DynamicsConnectorConfig } from '../config/dynamics-connector-config';
import { InvalidConnectorConfigError } from '../errors/invalid-connector-config-error';

/** A config with its defaults applied and its URLs normalised. */
export interface ResolvedDynamicsConfig {
  /** Without a trailing slash. */
  readonly environmentUrl: string;
  /** With a trailing slash. */
  readonly apiUrl: string;
  readonly entities?: readonly string[];
  readonly maxBatchSize: number;
  readonly maxRequestsPerBatch: number;
  readonly maxPageSize: number;
  readonly changeTrackingRetentionDays: number;
  readonly maxAttachmentBytes: number;
  /** The config's clock, or the system clock. */
  readonly clock: Clock;
  /** The clock's time. */
  readonly now: () => number;
}

const text = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

function whole(value: number | undefined, fallback: number, min: number, max: number, field: string): number {
  const chosen = value ?? fallback;
  if (!Number.isInteger(chosen) || chosen < min || chosen > max)
    throw new InvalidConnectorConfigError(field, `must be a whole number from ${min} to ${max}, not ${String(value)}`);
  return chosen;
}

/**
 * Checks a {@link DynamicsConnectorConfig} and applies its defaults. Throws
 * {@link InvalidConnectorConfigError} naming the first field at fault (an http(s) URL is required,
 * credentials need their ids and secret or password, limits stay within Dataverse's).
 */
export function validateDynamicsConfig(config: DynamicsConnectorConfig): ResolvedDynamicsConfig {
  if (typeof config !== 'object' || config === null) throw new InvalidConnectorConfigError('config', 'is not an object');
  if (!text(config.environmentUrl) || !/^https:\/\//i.test(config.environmentUrl))
    throw new InvalidConnectorConfigError('environmentUrl', 'must be an https:// URL');
  if (config.apiUrl !== undefined && !/^https:\/\//i.test(config.apiUrl)) throw new InvalidConnectorConfigError('apiUrl', 'must be an https:// URL');
  const credentials = config.credentials;
  if (!credentials || (credentials.kind !== 'clientCredentials' && credentials.kind !== 'password'))
    throw new InvalidConnectorConfigError('credentials.kind', "must be 'clientCredentials' or 'password'");
  if (!text(credentials.clientId)) throw new InvalidConnectorConfigError('credentials.clientId', 'is required');
  if (!text(credentials.tenantId)) throw new InvalidConnectorConfigError('credentials.tenantId', 'is required');
  if (credentials.kind === 'clientCredentials' && !text(credentials.clientSecret))
    throw new InvalidConnectorConfigError('credentials.clientSecret', 'is required');
  if (credentials.kind === 'password' && (!text(credentials.username) || typeof credentials.password !== 'string'))
    throw new InvalidConnectorConfigError('credentials.username', 'a username and password are required');
  if (config.callerId !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(config.callerId))
    throw new InvalidConnectorConfigError('callerId', 'must be a systemuserid (GUID)');
  if (config.authority?.authority !== undefined && !/^https:\/\//i.test(config.authority.authority))
    throw new InvalidConnectorConfigError('authority.authority', 'must be an https:// URL (msal-node refuses others)');
  for (const name of ['authorityMetadata', 'cloudDiscoveryMetadata'] as const) {
    const value = config.authority?.[name];
    if (value === undefined) continue;
    try {
      JSON.parse(value);
    } catch {
      throw new InvalidConnectorConfigError(`authority.${name}`, 'is not JSON text');
    }
  }
  const environmentUrl = config.environmentUrl.replace(/\/+$/, '');
  const apiUrl = (config.apiUrl ?? `${environmentUrl}/api/data/v9.2/`).replace(/\/*$/, '/');
  const clock = config.clock ?? systemClock;
  const maxRequestsPerBatch = whole(config.maxRequestsPerBatch, 1_000, 1, 1_000, 'maxRequestsPerBatch');
  return Object.freeze({
    environmentUrl,
    apiUrl,
    ...(config.entities ? { entities: Object.freeze([...config.entities]) } : {}),
    maxBatchSize: whole(config.maxBatchSize, 1_000, 1, 10_000, 'maxBatchSize'),
    maxRequestsPerBatch,
    maxPageSize: whole(config.maxPageSize, 5_000, 1, 5_000, 'maxPageSize'),
    changeTrackingRetentionDays: whole(config.changeTrackingRetentionDays, 7, 1, 365, 'changeTrackingRetentionDays'),
    maxAttachmentBytes: whole(config.maxAttachmentBytes, 5_242_880, 1, 134_217_728, 'maxAttachmentBytes'),
    clock,
    now: () => clock.now(),
  });
}
