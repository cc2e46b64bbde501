import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CrmConnector } from '@fieldsync/connector-api';
import { FaultInjectingTransport } from '@fieldsync/connector-embedded/testing';
import { createConformanceControl } from '../connector-embedded/conformance-control';
import { CONFORMANCE_PASSWORD, provisionConformanceOrg } from '../connector-embedded/provision-conformance-org';
import { ConformanceClock, conformanceSchema, type ConformanceHarness, type ConformanceUser } from '@fieldsync/connector-testkit';
import { openCrmStore } from '@fieldsync/crm-store';
import { startSalesforceEmulator } from '@fieldsync/emulator-salesforce';
import { createSalesforceConnector } from '@fieldsync/connector-salesforce';
import { conformanceEntityMapping } from './conformance-entity-mapping';
import { proxyFaultControl } from '../wire/proxy-fault-control';
import { startCountingProxy } from './counting-proxy';

/** The connector's look-back window in the conformance runs (the default). */
const LOOK_BACK_MS = 60_000;

/**
 * Builds a fresh conformance backend for the Salesforce connector: a crm-store with the conformance
 * world behind the Salesforce emulator, behind a counting, fault-playing proxy; every connector talks
 * to it through real jsforce over loopback HTTP, and waits on the harness's clock (never the wall clock).
 * @example describeConnectorConformance('salesforce', createSalesforceConformanceHarness, { capabilities: { ... } });
 */
export async function createSalesforceConformanceHarness(): Promise<ConformanceHarness> {
  for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[name];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-sf-conformance-'));
  const clock = new ConformanceClock(Date.parse('2026-01-05T09:00:00Z'));
  const store = await openCrmStore({ file: path.join(dir, 'crm.sqlite'), clock });
  await store.applySchema(conformanceSchema);
  const { userIds } = await provisionConformanceOrg(store, conformanceSchema);
  const emulator = await startSalesforceEmulator({ store });
  const proxy = await startCountingProxy(emulator.url);
  const connectors: CrmConnector[] = [];
  const connector = (user: ConformanceUser, password: string): CrmConnector => {
    const made = createSalesforceConnector({
      loginUrl: proxy.url,
      apiVersion: emulator.apiVersion,
      credentials: { kind: 'password', username: user, password, clientId: 'fieldsync', clientSecret: 'fieldsync-secret' },
      externalIdField: 'Fieldsync_Id__c',
      entities: conformanceEntityMapping,
      sObjects: ['Account', 'Contact', 'Note', 'Customeraddress__c'],
      clock,
      lookBackMs: LOOK_BACK_MS,
      retry: { maxRateLimitRetries: 3 },
    });
    connectors.push(made);
    return made;
  };
  const base = createConformanceControl({ store, userIds, clock, transport: new FaultInjectingTransport(), tokenTtlMs: 7_200_000 });
  // A change made here happens a little later than anything read before it, and is followed by a
  // little time, as in a live org: SystemModstamp has second precision, getDeleted windows are
  // floored to the minute, and the connector's look-back re-reads the last minute on purpose
  // (docs/decisions/086). Without time passing, every change would share the anchor's instant.
  const passTime = (): void => clock.advance(LOOK_BACK_MS + 1_000);
  const changing =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      passTime();
      const result = await run(...args);
      passTime();
      return result;
    };
  return {
    control: {
      ...base,
      seed: changing(base.seed),
      update: changing(base.update),
      remove: changing(base.remove),
      share: changing(base.share),
      unshare: changing(base.unshare),
      reassign: changing(base.reassign),
      ...proxyFaultControl(proxy, { expireSessions: () => emulator.expireSessions(), expireAnchors: () => emulator.emptyRecycleBin() }, clock),
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
