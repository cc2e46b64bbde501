import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CrmConnector } from '@fieldsync/connector-api';
import { FaultInjectingTransport } from '@fieldsync/connector-embedded/testing';
import { createConformanceControl } from '../connector-embedded/conformance-control';
import { CONFORMANCE_PASSWORD, provisionConformanceOrg } from '../connector-embedded/provision-conformance-org';
import { ConformanceClock, conformanceSchema, type ConformanceHarness, type ConformanceUser } from '@fieldsync/connector-testkit';
import { openCrmStore } from '@fieldsync/crm-store';
import { startDataverseEmulator, type DataverseEmulator } from '@fieldsync/emulator-dataverse';
import { selfSignedCertificate } from '@fieldsync/loopback-tls';
import { createDynamicsConnector, type DynamicsConnectorConfig, type DynamicsCredentials } from '@fieldsync/connector-dynamics';
import { proxyFaultControl } from '../wire/proxy-fault-control';
import { startCountingProxy, type CountingProxy } from './counting-proxy';

/** The public client id of the emulator's default app registration. */
export const CONFORMANCE_CLIENT_ID = 'fieldsync';

/**
 * The connector config that reaches `emulator` through `proxy` (or directly without one): the
 * authority, its metadata and the Web API root on the proxy's URL, its certificate trusted as `ca`.
 */
export function dynamicsConfigFor(
  emulator: DataverseEmulator,
  credentials: DynamicsCredentials,
  proxy?: CountingProxy,
  overrides: Partial<DynamicsConnectorConfig> = {},
): DynamicsConnectorConfig {
  const rewrite = proxy ? proxy.rewrite : (text: string) => text;
  const url = proxy?.url ?? emulator.url;
  return {
    environmentUrl: url,
    apiUrl: rewrite(emulator.apiUrl),
    ca: proxy?.ca ?? emulator.ca,
    credentials,
    authority: {
      authority: rewrite(emulator.authority),
      knownAuthorities: [proxy?.host ?? emulator.knownAuthority],
      authorityMetadata: rewrite(emulator.authorityMetadata),
      cloudDiscoveryMetadata: rewrite(emulator.cloudDiscoveryMetadata),
    },
    entities: ['account', 'contact', 'annotation', 'customeraddress'],
    ...overrides,
  };
}

/**
 * Builds a fresh conformance backend for the Dynamics connector: a crm-store with the conformance
 * world behind the Dataverse emulator, behind a counting, fault-playing HTTPS proxy; every connector
 * signs in through real msal-node (password flow as each user) and calls the Web API through undici
 * over loopback HTTPS, waiting on the harness's clock (never the wall clock).
 * @example describeConnectorConformance('dynamics', createDynamicsConformanceHarness, { capabilities: { ... } });
 */
export async function createDynamicsConformanceHarness(): Promise<ConformanceHarness> {
  for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[name];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-dv-conformance-'));
  const clock = new ConformanceClock(Date.parse('2026-01-05T09:00:00Z'));
  const store = await openCrmStore({ file: path.join(dir, 'crm.sqlite'), clock });
  await store.applySchema(conformanceSchema);
  const { userIds } = await provisionConformanceOrg(store, conformanceSchema);
  const emulator = await startDataverseEmulator({ store, clock });
  const proxy = await startCountingProxy(emulator.url, emulator.ca, selfSignedCertificate());
  const connectors: CrmConnector[] = [];
  const connector = (user: ConformanceUser, password: string): CrmConnector => {
    const made = createDynamicsConnector(
      dynamicsConfigFor(emulator, { kind: 'password', clientId: CONFORMANCE_CLIENT_ID, tenantId: emulator.tenantId, username: user, password }, proxy, {
        clock,
        retry: { maxRateLimitRetries: 3 },
      }),
    );
    connectors.push(made);
    return made;
  };
  const base = createConformanceControl({ store, userIds, clock, transport: new FaultInjectingTransport(), tokenTtlMs: 3_600_000 });
  return {
    control: {
      ...base,
      ...proxyFaultControl(proxy, { expireSessions: () => emulator.expireAccessTokens(), expireAnchors: () => emulator.expireChangeTokens() }, clock),
    },
    async connect(user) {
      const made = connector(user, CONFORMANCE_PASSWORD);
      await made.signIn();
      return made;
    },
    connectWithInvalidCredentials: async (user) => connector(user, `${CONFORMANCE_PASSWORD}-wrong`),
    async teardown() {
      await Promise.all(connectors.map((made) => made.close()));
      await proxy.close();
      await emulator.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
