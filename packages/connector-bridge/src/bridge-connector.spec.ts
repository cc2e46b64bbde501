import { randomUUID } from 'node:crypto';
import { ContractViolationError, type WriteOperation } from '@fieldsync/connector-api';
import { FieldsyncError, ValidationError, toAnchor } from '@fieldsync/model';
import { createBridgeConnector, type BridgeConnector } from './bridge-connector';
import type { BridgeConnectorOptions } from './bridge-connector-options';
import { BridgeUserError } from './errors/bridge-user-error';
import { startCannedGraphqlServer, type CannedAnswer, type CannedGraphqlServer, type CannedRequest } from './testing/canned-graphql-server';

const capabilities = {
  maxBatchSize: 2,
  maxPageSize: 3,
  clientAssignedIds: true,
  sharedRecords: true,
  visibilityChanges: true,
  fieldLevelSecurity: true,
  attachments: true,
  attachmentRanges: true,
  deletesRetentionDays: 30,
};
const session = { accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: Date.now() + 3_600_000, userId: 'u1', deviceId: 'device-1' };
const account = (id: string) => ({ entity: 'account', id, version: '1', fields: { accountid: id, name: id } });

/** Answers sign-in and capabilities as a bridge would, and `data` for every other operation. */
function cannedBridge(data: (request: CannedRequest) => unknown): (request: CannedRequest) => CannedAnswer {
  return (request) => {
    if (request.operationName === 'SignIn') return { body: { data: { signIn: { session, userErrors: [] } } } };
    if (request.operationName === 'Capabilities') return { body: { data: { capabilities } } };
    return { body: { data: data(request) } };
  };
}

describe('BridgeConnector (against canned answers)', () => {
  let server: CannedGraphqlServer | undefined;
  let connector: BridgeConnector | undefined;

  afterEach(async () => {
    await connector?.close();
    await server?.close();
    connector = undefined;
    server = undefined;
  });

  async function connect(data: (request: CannedRequest) => unknown, options: Partial<BridgeConnectorOptions> = {}): Promise<BridgeConnector> {
    server = await startCannedGraphqlServer(cannedBridge(data));
    connector = createBridgeConnector({ url: server.url, userName: 'alice', password: 'pw', deviceId: 'device-1', ...options });
    await connector.signIn();
    return connector;
  }

  async function violation(promise: Promise<unknown>): Promise<ContractViolationError> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ContractViolationError);
    return error as ContractViolationError;
  }

  it('throws NotSignedInError for capabilities before signIn, and reports the attachment capabilities of the bridge after it', async () => {
    server = await startCannedGraphqlServer(cannedBridge(() => ({})));
    connector = createBridgeConnector({ url: server.url, userName: 'alice', password: 'pw', deviceId: 'device-1' });
    expect(() => connector?.capabilities).toThrow(expect.objectContaining({ code: 'NOT_SIGNED_IN' }));
    await connector.signIn();
    expect(connector.capabilities).toEqual(capabilities);
    expect(server.requests.map((request) => request.operationName)).toEqual(['SignIn', 'Capabilities']);
    expect(server.requests[0].variables).toEqual({ input: { userName: 'alice', password: 'pw', deviceId: 'device-1' } });
    expect(server.requests[1].authorization).toBe('Bearer access-1');
  });

  it('cuts the page size to maxPageSize and refuses a page with more records than asked', async () => {
    const made = await connect(() => ({
      readPage: { records: [account('a'), account('b'), account('c'), account('d')], removed: [], nextAnchor: 'n', done: true },
    }));
    const error = await violation(made.readPage({ entity: 'account', pageSize: 50 }));
    expect(server?.requests.at(-1)?.variables.pageSize).toBe(3);
    expect(error.details.where).toBe('readPage.records');
  });

  it('refuses a page with a record of another entity, naming where', async () => {
    const made = await connect(() => ({
      readPage: { records: [account('a'), { ...account('b'), entity: 'contact' }], removed: [], nextAnchor: 'n', done: true },
    }));
    expect((await violation(made.readPage({ entity: 'account', pageSize: 3 }))).details.where).toBe('readPage.records[1].entity');
  });

  it('refuses a record without an id, a removal with an unknown reason and a page without an anchor', async () => {
    const page = (extra: object) => ({ readPage: { records: [], removed: [], nextAnchor: 'n', done: false, ...extra } });
    let answer: unknown = page({ records: [{ entity: 'account', fields: {} }] });
    const made = await connect(() => answer);
    expect((await violation(made.readPage({ entity: 'account', pageSize: 3 }))).details.where).toBe('readPage.records[0].id');
    answer = page({ removed: [{ id: 'x', reason: 'vanished' }] });
    expect((await violation(made.readPage({ entity: 'account', pageSize: 3 }))).details.where).toBe('readPage.removed[0].reason');
    answer = page({ nextAnchor: null });
    expect((await violation(made.readPage({ entity: 'account', pageSize: 3 }))).details.where).toBe('readPage.nextAnchor');
  });

  it('passes a well-formed page on with its anchor', async () => {
    const made = await connect(() => ({
      readPage: { records: [account('a')], removed: [{ id: 'b', reason: 'no-access' }], nextAnchor: 'anchor-2', done: false },
    }));
    await expect(made.readPage({ entity: 'account', anchor: toAnchor('anchor-1'), pageSize: 3 })).resolves.toEqual({
      records: [account('a')],
      removed: [{ id: 'b', reason: 'no-access' }],
      nextAnchor: 'anchor-2',
      done: false,
    });
    expect(server?.requests.at(-1)?.variables).toMatchObject({ entity: 'account', anchor: 'anchor-1', pageSize: 3 });
  });

  it("refuses write results that are not one per operation with the operation's idempotency key", async () => {
    const operations: WriteOperation[] = [
      { kind: 'create', entity: 'account', idempotencyKey: randomUUID(), fields: { name: 'a' } },
      { kind: 'create', entity: 'account', idempotencyKey: randomUUID(), fields: { name: 'b' } },
    ];
    let results: unknown[] = [{ status: 'ok', idempotencyKey: operations[0].idempotencyKey, id: 'a', replayed: false }];
    const made = await connect(() => ({ writeBatch: results }));
    expect((await violation(made.writeBatch({ operations }))).details.where).toBe('writeBatch');
    results = [
      { status: 'ok', idempotencyKey: operations[0].idempotencyKey, id: 'a', replayed: false },
      { status: 'ok', idempotencyKey: 'someone else', id: 'b', replayed: false },
    ];
    expect((await violation(made.writeBatch({ operations }))).details.where).toBe('writeBatch[1].idempotencyKey');
    results = [
      { status: 'failed', idempotencyKey: operations[0].idempotencyKey, error: { code: 'VALIDATION_FAILED', message: 'no name', field: 'name' } },
      { status: 'not-found', idempotencyKey: operations[1].idempotencyKey, id: 'b' },
    ];
    expect((await violation(made.writeBatch({ operations }))).details.where).toBe('writeBatch[0].error.retryable');
  });

  it('refuses a batch past maxBatchSize before sending anything', async () => {
    const made = await connect(() => ({}));
    const sent = server?.requests.length;
    const operations: WriteOperation[] = ['a', 'b', 'c'].map((name) => ({ kind: 'create', entity: 'account', idempotencyKey: randomUUID(), fields: { name } }));
    await expect(made.writeBatch({ operations })).rejects.toMatchObject({ code: 'BATCH_TOO_LARGE', size: 3, limit: 2 });
    expect(server?.requests.length).toBe(sent);
  });

  it('refuses counts without changedSince and deletedSince when asked since an anchor', async () => {
    const made = await connect(() => ({ count: { matching: 4, changedSince: null, deletedSince: null } }));
    await expect(made.count({ entity: 'account' })).resolves.toEqual({ matching: 4 });
    expect((await violation(made.count({ entity: 'account', since: toAnchor('a') }))).details.where).toBe('count.changedSince');
  });

  it('refuses permissions with an unknown privilege depth', async () => {
    const made = await connect(() => ({
      permissions: {
        entities: { account: { create: 'user', read: 'everywhere', write: 'user', delete: 'user', append: 'user', appendTo: 'user' } },
        teams: [],
      },
    }));
    expect((await violation(made.permissions())).details.where).toBe('permissions.entities.account.read');
  });

  it("turns a mutation's userErrors into BridgeUserError naming the field", async () => {
    const made = await connect(() => ({
      completeCommand: { command: null, userErrors: [{ field: 'id', message: 'no command c9 for this device', code: 'NOT_FOUND' }] },
    }));
    const error = await made.completeCommand('c9', { ok: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BridgeUserError);
    expect(error).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'id',
      reason: 'NOT_FOUND',
      mutation: 'completeCommand',
      message: 'completeCommand: id: no command c9 for this device',
    });
  });

  it('turns a refused sign-in into AuthFailedError naming the field', async () => {
    server = await startCannedGraphqlServer(() => ({
      body: {
        data: {
          signIn: {
            session: null,
            userErrors: [{ field: 'input.deviceId', message: 'device d is registered to another user', code: 'DEVICE_OWNED_BY_OTHER_USER' }],
          },
        },
      },
    }));
    connector = createBridgeConnector({ url: server.url, userName: 'alice', password: 'pw', deviceId: 'd' });
    await expect(connector.signIn()).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      reason: 'DEVICE_OWNED_BY_OTHER_USER',
      message: 'signIn: input.deviceId: device d is registered to another user',
    });
  });

  it('leaves out exactly the customization parts whose hash the device knows, and keeps a changed empty blob store filter as null', async () => {
    const partHashes = { entities: 'e2', settings: 's1', blobStoreFilter: 'b2' };
    const made = await connect(() => ({
      customization: {
        version: 'v2',
        revision: 2,
        minAppVersion: null,
        settingsReadOnly: false,
        partHashes,
        parts: { entities: [{ entity: 'account' }], settings: null, blobStoreFilter: null },
      },
    }));
    const offer = await made.customization({ entities: 'e1', settings: 's1', blobStoreFilter: 'b1' });
    expect(offer).toEqual({
      version: 'v2',
      revision: 2,
      partHashes,
      parts: { entities: [{ entity: 'account' }], blobStoreFilter: null },
      settingsReadOnly: false,
    });
    expect(server?.requests.at(-1)?.variables.known).toEqual({ entities: 'e1', settings: 's1', blobStoreFilter: 'b1' });
  });

  it('refuses device-channel calls without a deviceId, and a registration of another device, before sending', async () => {
    const made = await connect(() => ({}), { deviceId: undefined });
    const sent = server?.requests.length;
    await expect(made.deviceControl()).rejects.toMatchObject({ code: 'DEVICE_NOT_BOUND' });
    connector = createBridgeConnector({ url: server?.url as string, userName: 'alice', password: 'pw', deviceId: 'device-1' });
    await expect(connector.registerDevice({ deviceId: 'device-2', name: 'n', os: 'o', appVersion: '1.0.0' })).rejects.toMatchObject({
      code: 'DEVICE_NOT_BOUND',
    });
    await made.close();
    expect(server?.requests.length).toBe(sent);
  });

  it('refuses options it cannot work with, listing every problem', () => {
    const error = (() => {
      try {
        createBridgeConnector({ url: 'ftp://bridge', userName: '', timeoutMs: 0 });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['url', 'userName', 'password', 'timeoutMs']);
  });

  it('throws CONNECTOR_CLOSED for every call after close, and forgets the session', async () => {
    const made = await connect(() => ({ whoAmI: { userId: 'u1', userName: 'alice', businessUnitId: 'b', organizationId: 'o' } }));
    expect(made.session()).toEqual({ accessToken: 'access-1', expiresAt: session.expiresAt, userId: 'u1' });
    await made.close();
    await made.close();
    expect(made.session()).toBeUndefined();
    for (const call of [
      () => made.whoAmI(),
      () => made.signIn(),
      () => made.readPage({ entity: 'account', pageSize: 1 }),
      () => made.uploadSyncLog('sync-1', 'text'),
    ]) {
      const error = await call().catch((caught: unknown) => caught);
      expect(FieldsyncError.is(error, 'CONNECTOR_CLOSED')).toBe(true);
    }
  });

  it("turns an older bridge's refusal of syncPlan as invalid GraphQL into UnsupportedCapabilityError, and asks no more", async () => {
    server = await startCannedGraphqlServer((request) => {
      if (request.operationName === 'SignIn') return { body: { data: { signIn: { session, userErrors: [] } } } };
      if (request.operationName === 'Capabilities') return { body: { data: { capabilities } } };
      return {
        status: 400,
        body: { errors: [{ message: 'Cannot query field "syncPlan" on type "Mutation".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] },
      };
    });
    connector = createBridgeConnector({ url: server.url, userName: 'alice', password: 'pw', deviceId: 'device-1' });
    await connector.signIn();
    const plan = connector.syncPlan.bind(connector);
    await expect(plan({})).rejects.toMatchObject({ code: 'UNSUPPORTED_CAPABILITY', capability: 'syncPlan' });
    await expect(plan({})).rejects.toMatchObject({ code: 'UNSUPPORTED_CAPABILITY' });
    expect(server.requests.filter((request) => request.operationName === 'SyncPlan')).toHaveLength(1);
  });

  it('asks an older bridge that refuses the table for one object per record, and only asks it so from then on', async () => {
    server = await startCannedGraphqlServer((request) => {
      if (request.operationName === 'SignIn') return { body: { data: { signIn: { session, userErrors: [] } } } };
      if (request.operationName === 'Capabilities') return { body: { data: { capabilities } } };
      if (request.query.includes(' table ')) {
        return {
          status: 400,
          body: { errors: [{ message: 'Cannot query field "table" on type "RecordPage".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] },
        };
      }
      return { body: { data: { readPage: { records: [account('a1')], removed: [], nextAnchor: 'n1', done: true } } } };
    });
    connector = createBridgeConnector({ url: server.url, userName: 'alice', password: 'pw', deviceId: 'device-1' });
    await connector.signIn();
    await expect(connector.readPage({ entity: 'account', pageSize: 3 })).resolves.toMatchObject({ records: [account('a1')], done: true });
    await expect(connector.readPage({ entity: 'account', pageSize: 3 })).resolves.toMatchObject({ records: [account('a1')] });
    const pages = server.requests.filter((request) => request.operationName === 'ReadPage');
    expect(pages.map((request) => request.query.includes(' table '))).toEqual([true, false, false]);
  });

  it('reads a page sent as columns', async () => {
    await connect((request) => {
      expect(request.query).toContain(' table ');
      return { readPage: { table: { fields: ['accountid', 'name'], rows: [['a1', '1', 'a1', 'a1']] }, removed: [], nextAnchor: 'n1', done: true } };
    });
    await expect((connector as BridgeConnector).readPage({ entity: 'account', pageSize: 3 })).resolves.toMatchObject({ records: [account('a1')] });
  });
});
