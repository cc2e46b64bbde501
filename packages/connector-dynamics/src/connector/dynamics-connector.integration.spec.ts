import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { CrmConnector, WriteOperation } from '@fieldsync/connector-api';
import { CONFORMANCE_PASSWORD, FaultInjectingTransport, createConformanceControl, provisionConformanceOrg } from '@fieldsync/connector-embedded/testing';
import { conformanceSchema, createConformanceRecordGenerator, type ConformanceControl } from '@fieldsync/connector-testkit';
import { openCrmStore, type CrmStore } from '@fieldsync/crm-store';
import { selfSignedCertificate, startDataverseEmulator, type DataverseEmulator } from '@fieldsync/emulator-dataverse';
import { FieldsyncError, ManualClock, type CrmRecord } from '@fieldsync/model';
import type { DynamicsConnectorConfig, DynamicsCredentials } from '../config/dynamics-connector-config';
import { CONFORMANCE_CLIENT_ID, dynamicsConfigFor } from '../testing/dynamics-conformance-harness';
import { startCountingProxy, type CountingProxy } from '../testing/counting-proxy';
import { createDynamicsConnector } from './create-dynamics-connector';

delete process.env.http_proxy;
delete process.env.https_proxy;
delete process.env.HTTP_PROXY;
delete process.env.HTTPS_PROXY;

const errorOf = async (promise: Promise<unknown>): Promise<FieldsyncError> => {
  try {
    await promise;
  } catch (error) {
    if (FieldsyncError.is(error)) return error as FieldsyncError;
    throw error;
  }
  throw new Error('expected an error');
};

describe('Dynamics connector through real msal-node and undici against the Dataverse emulator', () => {
  let dir: string;
  let store: CrmStore;
  let clock: ManualClock;
  let dv: DataverseEmulator;
  let userIds: Awaited<ReturnType<typeof provisionConformanceOrg>>['userIds'];
  let control: ConformanceControl;
  const connectors: CrmConnector[] = [];
  const proxies: CountingProxy[] = [];

  const password = (username: string, secret = CONFORMANCE_PASSWORD): DynamicsCredentials => ({ kind: 'password', clientId: CONFORMANCE_CLIENT_ID, tenantId: dv.tenantId, username, password: secret });
  const connect = (credentials: DynamicsCredentials = password('alice'), overrides: Partial<DynamicsConnectorConfig> = {}, proxy?: CountingProxy): CrmConnector => {
    const connector = createDynamicsConnector(dynamicsConfigFor(dv, credentials, proxy, { now: () => clock.now(), ...overrides }));
    connectors.push(connector);
    return connector;
  };
  const proxied = async (): Promise<CountingProxy> => {
    const proxy = await startCountingProxy(dv.url, dv.ca, selfSignedCertificate());
    proxies.push(proxy);
    return proxy;
  };

  const readAll = async (connector: CrmConnector, entity: string, pageSize: number, anchor?: string) => {
    const records: CrmRecord[] = [];
    const removed: string[] = [];
    let next = anchor;
    let pages = 0;
    for (;;) {
      const page = await connector.readPage({ entity, pageSize, ...(next === undefined ? {} : { anchor: next as never }) });
      records.push(...page.records);
      removed.push(...page.removed.map((removal) => removal.id));
      pages++;
      next = page.nextAnchor;
      if (page.done) return { records, removed, anchor: next, pages };
    }
  };

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-dv-connector-'));
    clock = new ManualClock(Date.parse('2026-01-10T12:00:00Z'));
    store = await openCrmStore({ file: path.join(dir, 'crm.db'), clock });
    await store.applySchema(conformanceSchema);
    ({ userIds } = await provisionConformanceOrg(store, conformanceSchema));
    dv = await startDataverseEmulator({ store, clock });
    control = createConformanceControl({ store, userIds, clock, transport: new FaultInjectingTransport(), tokenTtlMs: 3_600_000 });
  });

  afterEach(async () => {
    await Promise.all(connectors.splice(0).map((connector) => connector.close()));
    await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
    await dv.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in as a user with the password flow and as the application user with client credentials', async () => {
    const alice = connect();
    expect((await alice.signIn()).userId).toBe(userIds.alice);
    expect((await alice.whoAmI()).userId).toBe(userIds.alice);
    const app = connect({ kind: 'clientCredentials', clientId: 'fieldsync', clientSecret: 'fieldsync-secret', tenantId: dv.tenantId });
    expect((await app.signIn()).userId).toBe(userIds.admin);
  });

  it('describes the entities from EntityDefinitions and reads them in full', async () => {
    const alice = connect();
    const schema = await alice.describe();
    expect(schema.entities.map((entity) => entity.name)).toEqual(['account', 'contact', 'annotation']);
    const ids = await control.seed('account', createConformanceRecordGenerator(1).accounts(30));
    const read = await readAll(alice, 'account', 7);
    expect(read.records.map((record) => record.id).sort()).toEqual([...ids].sort());
    expect(read.pages).toBe(5);
  });
});
