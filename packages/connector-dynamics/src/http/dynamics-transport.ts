import { rootCertificates } from 'node:tls';
import { Agent } from 'undici';
import { AzureAdTokenSource } from '../auth/azure-ad-token-source';
import type { DynamicsConnectorConfig } from '../config/dynamics-connector-config';
import type { ResolvedDynamicsConfig } from '../connector/validate-dynamics-config';
import { DynamicsHttpClient } from './dynamics-http-client';

/** The connections of one connector (or directory): its undici agent and its Web API client with tokens. */
export interface DynamicsTransport {
  readonly agent: Agent;
  readonly client: DynamicsHttpClient;
}

/**
 * Opens a connector's connections: an undici agent trusting the system roots plus the config's CA
 * (for this agent only, decision 095), msal-node tokens through it, and the Web API client with the
 * config's retry, service-protection and impersonation settings.
 */
export function openDynamicsTransport(config: DynamicsConnectorConfig, resolved: ResolvedDynamicsConfig): DynamicsTransport {
  const extra = typeof config.ca === 'string' ? [config.ca] : [...(config.ca ?? [])];
  const agent = new Agent({ connect: extra.length > 0 ? { ca: [...rootCertificates, ...extra] } : {} });
  const tokens = new AzureAdTokenSource({
    credentials: config.credentials,
    authority: config.authority,
    scope: `${resolved.environmentUrl}/.default`,
    dispatcher: agent,
  });
  const client = new DynamicsHttpClient({
    apiUrl: resolved.apiUrl,
    dispatcher: agent,
    tokens,
    maxRateLimitRetries: config.retry?.maxRateLimitRetries ?? 3,
    maxRetryAfterMs: config.retry?.maxRetryAfterMs ?? 60_000,
    defaultRetryAfterMs: config.retry?.defaultRetryAfterMs ?? 1_000,
    maxTransientRetries: config.retry?.maxTransientRetries ?? 2,
    requestsPerWindow: config.requestsPerWindow ?? 6_000,
    windowMs: config.windowMs ?? 300_000,
    clock: resolved.clock,
    ...(config.callerId ? { callerId: config.callerId.toLowerCase() } : {}),
  });
  return { agent, client };
}
