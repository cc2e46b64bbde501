import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBackendBridge, type ServedBridge } from '@fieldsync/bridge-server';
import { createDynamicsBackend } from '@fieldsync/bridge-server/dynamics';
import { createSalesforceBackend } from '@fieldsync/bridge-server/salesforce';
import { openCrmStore, type CrmStore } from '@fieldsync/crm-store';
import { generateDemoOrg, seedDemoOrg } from '@fieldsync/demo-org';
import type { CrmBackend } from '@fieldsync/device-api';
import { startDataverseEmulator } from '@fieldsync/emulator-dataverse';
import { startSalesforceEmulator } from '@fieldsync/emulator-salesforce';

/** A commercial CRM (an emulator over `store`) and the bridge backend in front of it. */
interface BackendSetup {
  readonly name: string;
  start(store: CrmStore): Promise<{ backend: CrmBackend; stop(): Promise<void> }>;
}

const setups: BackendSetup[] = [
  {
    // Passwords checked by the org's password flow, calls made as each user by JWT bearer.
    name: 'salesforce',
    async start(store) {
      const keys = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      });
      const org = await startSalesforceEmulator({
        store,
        connectedApps: [{ clientId: 'fieldsync', clientSecret: 'fieldsync-secret', runAsUserName: 'admin', jwtPublicKey: keys.publicKey }],
      });
      const backend = createSalesforceBackend({
        loginUrl: org.loginUrl,
        clientId: 'fieldsync',
        clientSecret: 'fieldsync-secret',
        jwtPrivateKey: keys.privateKey,
        connector: { externalIdField: 'Fieldsync_Id__c' },
      });
      return { backend, stop: () => org.close() };
    },
  },
  {
    // Passwords checked by Azure AD's username/password flow, calls made by the application user impersonating each user.
    name: 'dynamics',
    async start(store) {
      const environment = await startDataverseEmulator({ store });
      const backend = createDynamicsBackend({
        connection: {
          environmentUrl: environment.url,
          authority: {
            authority: environment.authority,
            knownAuthorities: [environment.knownAuthority],
            authorityMetadata: environment.authorityMetadata,
            cloudDiscoveryMetadata: environment.cloudDiscoveryMetadata,
          },
          ca: environment.ca,
        },
        clientId: 'fieldsync',
        clientSecret: 'fieldsync-secret',
        tenantId: environment.tenantId,
      });
      return { backend, stop: () => environment.close() };
    },
  },
];

describe.each(setups)('bridge over a $name backend', (setup) => {
  let dir: string;
  let store: CrmStore;
  let stopCrm: () => Promise<void>;
  let bridge: ServedBridge;

  beforeAll(async () => {
    for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[name];
    dir = mkdtempSync(path.join(os.tmpdir(), `fieldsync-bridge-${setup.name}-`));
    store = await openCrmStore({ file: path.join(dir, 'crm.db') });
    await seedDemoOrg(store, generateDemoOrg({ records: 300 }));
    const started = await setup.start(store);
    stopCrm = started.stop;
    bridge = await startBackendBridge({ backend: started.backend, port: 0, logLevel: 'silent' });
  });

  afterAll(async () => {
    await bridge?.close();
    await stopCrm?.();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const gql = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const response = await fetch(`${bridge.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked field by field
    return (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
  };
  const signIn = (userName: string, password: string, deviceId?: string) =>
    gql(`mutation($input: SignInInput!) { signIn(input: $input) { session { accessToken userId } userErrors { code message } } }`, {
      input: { userName, password, ...(deviceId ? { deviceId } : {}) },
    });

  it('checks passwords with the CRM, lists users with their roles, and lets only admins in', async () => {
    const wrong = await signIn('alice', 'not-her-password');
    expect(wrong.data?.signIn?.session ?? null).toBeNull();
    expect(JSON.stringify(wrong)).toMatch(/AUTH_FAILED/);

    const admin = (await signIn('admin', 'demo')).data.signIn.session;
    expect(admin.userId).toBe((await store.findUserByName('admin'))!.id);
    const users = await gql(`query { users(first: 100) { edges { node { userName roles disabled } } } }`, {}, admin.accessToken);
    const alice = (users.data.users.edges as { node: { userName: string; roles: string[] } }[])
      .map((edge) => edge.node)
      .find((user) => user.userName === 'alice');
    expect(alice?.roles).toEqual([...(await store.roleNamesOf((await store.findUserByName('alice'))!.id))].sort());

    const aliceSession = (await signIn('alice', 'demo')).data.signIn.session;
    const refused = await gql(`query { users(first: 1) { edges { node { userName } } } }`, {}, aliceSession.accessToken);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('pages the users at the CRM: every user once, by user name, a few at a time, and searches', async () => {
    const admin = (await signIn('admin', 'demo')).data.signIn.session;
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const answer = await gql(
        `query($after: String) { users(first: 3, after: $after) { edges { node { userName roles } } pageInfo { hasNextPage endCursor } } }`,
        { after },
        admin.accessToken,
      );
      const connection = answer.data.users;
      expect(connection.edges.length).toBeLessThanOrEqual(3);
      seen.push(...connection.edges.map((edge: { node: { userName: string } }) => edge.node.userName));
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
      pages += 1;
    } while (after !== null && pages < 100);
    const all = (await store.listUsers()).map((user) => user.userName);
    expect(seen).toEqual(all);
    expect(pages).toBe(Math.max(1, Math.ceil(all.length / 3)));
    const found = await gql(`query { users(first: 50, search: "ali") { edges { node { userName } } pageInfo { hasNextPage } } }`, {}, admin.accessToken);
    expect(found.data.users.edges.map((edge: { node: { userName: string } }) => edge.node.userName)).toEqual(all.filter((name) => name.includes('ali')));
    expect(found.data.users.pageInfo.hasNextPage).toBe(false);
  });

  it('serves a device exactly what the user may read in the CRM, and writes as the user', async () => {
    const admin = (await signIn('admin', 'demo')).data.signIn.session.accessToken;
    const published = await gql(
      `mutation($input: PublishCustomizationInput!) { publishCustomization(input: $input) { customization { revision } userErrors { field code message } } }`,
      { input: { content: { entities: [{ entity: 'account' }, { entity: 'task' }] }, roles: [{ role: 'Salesperson', priority: 1 }] } },
      admin,
    );
    expect(published.data.publishCustomization.userErrors).toEqual([]);

    const token = (await signIn('alice', 'demo', 'alice-phone')).data.signIn.session.accessToken;
    const registered = await gql(
      `mutation { registerDevice(input: { name: "Alice's phone", os: "iOS 18", appVersion: "1.4.0" }) { device { deviceId } userErrors { code } } }`,
      {},
      token,
    );
    expect(registered.data.registerDevice.device.deviceId).toBe('alice-phone');
    const page = await gql(`query { readPage(entity: "account", pageSize: 5000) { records done } }`, {}, token);
    expect(page.data.readPage.done).toBe(true);
    const aliceId = (await store.findUserByName('alice'))!.id;
    const visible = await store.readFull(await store.principalOf(aliceId), { entity: 'account', limit: 5000 });
    expect((page.data.readPage.records as { id: string }[]).map((record) => record.id).sort()).toEqual(visible.records.map((record) => record.id).sort());

    const write = await gql(
      `mutation($ops: JSON!) { writeBatch(operations: $ops) }`,
      {
        ops: [{ kind: 'create', entity: 'task', idempotencyKey: `${setup.name}-bridge-1`, fields: { subject: `Created through the bridge on ${setup.name}` } }],
      },
      token,
    );
    const [result] = write.data.writeBatch as { status: string; id: string }[];
    expect(result.status).toBe('ok');
    const created = await store.getAsSystem('task', result.id);
    expect(created?.fields.subject).toBe(`Created through the bridge on ${setup.name}`);
    // The record is the user's own: the bridge acted as alice, not as its integration or application user.
    expect(created?.fields.ownerid).toMatchObject({ id: aliceId });
  });
});
