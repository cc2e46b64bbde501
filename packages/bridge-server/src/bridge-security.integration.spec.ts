import { getIntrospectionQuery } from 'graphql';
import type { EmbeddedCall, EmbeddedTransport } from '@fieldsync/connector-embedded';
import { describeEachBridgeStore } from '@fieldsync/bridge-store/testing';
import { createBridgeTestBed, type BridgeTestBed, type GraphQLAnswer } from './testing/bridge-test-bed';

const READ_ACCOUNTS = `query($size: Int!) { readPage(entity: "account", pageSize: $size) { records nextAnchor done } }`;

describeEachBridgeStore('bridge security on $name', (backend) => {
  let bed: BridgeTestBed;
  /** A transport hook that breaks CRM calls with a plain (non-Fieldsync) error while set. */
  let breakWith: Error | undefined;
  const transport: EmbeddedTransport = {
    send<T>(_call: EmbeddedCall, run: () => Promise<T>): Promise<T> {
      if (breakWith) return Promise.reject(breakWith);
      return run();
    },
  };

  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(async () => {
    breakWith = undefined;
    bed = await createBridgeTestBed(await backend.freshUrl(), { crmTransport: transport, tokenTtlMs: 600_000 });
  });
  afterEach(() => bed.close());

  it('refuses calls without a valid token, and device tokens on admin operations', async () => {
    expect((await bed.gql(READ_ACCOUNTS, { size: 5 })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await bed.gql(READ_ACCOUNTS, { size: 5 }, 'not-a-token')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const adminOnDevice = await bed.device('admin', 'admin-phone');
    const refused = await bed.gql(`{ devices { totalCount } }`, {}, adminOnDevice);
    expect(refused.status).toBe(403);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(refused.data).toBeNull();
    const aliceConsole = (await bed.signIn('alice')).accessToken;
    expect((await bed.gql(`{ devices { totalCount } }`, {}, aliceConsole)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await bed.gql(`mutation { wipeDevice(deviceId: "admin-phone") { userErrors { code } } }`, {}, aliceConsole)).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    const admin = await bed.admin();
    expect((await bed.gql(`{ devices { totalCount } }`, {}, admin)).data.devices.totalCount).toBe(1);
  });

  it('gives each user exactly the records the CRM lets them read', async () => {
    for (const userName of ['alice', 'carol']) {
      const token = await bed.device(userName, `${userName}-phone`);
      const answer = await bed.gql(READ_ACCOUNTS, { size: 5000 }, token);
      const ids = (answer.data.readPage.records as { id: string }[]).map((record) => record.id).sort();
      const user = (await bed.crm.findUserByName(userName))!;
      const visible = await bed.crm.readFull(await bed.crm.principalOf(user.id), { entity: 'account', limit: 5000 });
      expect(ids).toEqual(visible.records.map((record) => record.id).sort());
      const all = await bed.crm.readFull(await bed.crm.principalOf((await bed.crm.findUserByName('admin'))!.id), { entity: 'account', limit: 5000 });
      expect(ids.length).toBeLessThan(all.records.length);
    }
  });

  it('ends a wiped device’s tokens at once: calls, refresh and sign-in with that device are refused', async () => {
    const { accessToken, refreshToken } = await bed.signIn('alice', 'alice-phone');
    await bed.gql(`mutation { registerDevice(input: { name: "A", os: "iOS 18", appVersion: "1.0.0" }) { device { deviceId } } }`, {}, accessToken);
    expect((await bed.gql(READ_ACCOUNTS, { size: 1 }, accessToken)).data.readPage.records).toHaveLength(1);
    const admin = await bed.admin();
    const wiped = await bed.gql(
      `mutation { wipeDevice(deviceId: "alice-phone") { command { kind status issuedBy } device { state } userErrors { code } } }`,
      {},
      admin,
    );
    expect(wiped.data.wipeDevice).toEqual({ command: { kind: 'wipe', status: 'pending', issuedBy: 'admin' }, device: { state: 'wiped' }, userErrors: [] });
    const call = await bed.gql(READ_ACCOUNTS, { size: 1 }, accessToken);
    expect(call.status).toBe(401);
    expect(call.errors?.[0].extensions?.code).toBe('DEVICE_REVOKED');
    // While its access token lives, the wiped device may learn its order and report it done: nothing else.
    const control = await bed.gql(`mutation { deviceControl { state pendingCommands { id kind status } } }`, {}, accessToken);
    expect(control.data.deviceControl).toMatchObject({ state: 'wiped', pendingCommands: [{ kind: 'wipe', status: 'delivered' }] });
    const wipeId = control.data.deviceControl.pendingCommands[0].id as string;
    const done = await bed.gql(
      `mutation($id: ID!) { completeCommand(id: $id, ok: true) { command { status } userErrors { code } } }`,
      { id: wipeId },
      accessToken,
    );
    expect(done.data.completeCommand).toEqual({ command: { status: 'done' }, userErrors: [] });
    const registerAgain = await bed.gql(
      `mutation { registerDevice(input: { name: "A", os: "iOS 18", appVersion: "1.0.0" }) { device { deviceId } } }`,
      {},
      accessToken,
    );
    expect(registerAgain.errors?.[0].extensions?.code).toBe('DEVICE_REVOKED');
    const refresh = await bed.gql(`mutation($t: String!) { refreshSession(refreshToken: $t) { session { accessToken } } }`, { t: refreshToken });
    expect(refresh.errors?.[0].extensions?.code).toBe('DEVICE_REVOKED');
    const again = await bed.gql(`mutation { signIn(input: { userName: "alice", password: "demo", deviceId: "alice-phone" }) { session { accessToken } } }`);
    expect(again.errors?.[0].extensions?.code).toBe('DEVICE_REVOKED');
    const repeat = await bed.gql(`mutation { lockDevice(deviceId: "alice-phone") { command { id } userErrors { field code } } }`, {}, admin);
    expect(repeat.data.lockDevice).toEqual({ command: null, userErrors: [{ field: 'deviceId', code: 'DEVICE_WIPED' }] });
  });

  it('expires access tokens; a refresh token works once and is then dead', async () => {
    const { accessToken, refreshToken } = await bed.signIn('alice', 'alice-phone');
    bed.clock.advance(600_000 + 1_000);
    const expired = await bed.gql(READ_ACCOUNTS, { size: 1 }, accessToken);
    expect(expired.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(expired.errors?.[0].message).toMatch(/expired/);
    const refreshed = await bed.gql(`mutation($t: String!) { refreshSession(refreshToken: $t) { session { accessToken refreshToken } } }`, { t: refreshToken });
    const session = refreshed.data.refreshSession.session;
    expect((await bed.gql(READ_ACCOUNTS, { size: 1 }, session.accessToken)).data.readPage.records).toHaveLength(1);
    const replay = await bed.gql(`mutation($t: String!) { refreshSession(refreshToken: $t) { session { accessToken } } }`, { t: refreshToken });
    expect(replay.errors?.[0].extensions?.code).toBe('AUTH_EXPIRED');
    expect(replay.data).toBeNull();
  });

  it('rate-limits sign-in per user name and per device, even with the right password afterwards', async () => {
    const attempt = (userName: string, password: string, deviceId: string) =>
      bed.gql(`mutation($input: SignInInput!) { signIn(input: $input) { session { userId } userErrors { field code } } }`, {
        input: { userName, password, deviceId },
      });
    for (let n = 0; n < 5; n += 1)
      expect((await attempt('bob', 'wrong', `bob-${n}`)).data.signIn.userErrors).toEqual([{ field: 'input.password', code: 'AUTH_FAILED' }]);
    const limited = await attempt('bob', 'demo', 'bob-9');
    expect(limited.status).toBe(429);
    expect(limited.errors?.[0].extensions?.code).toBe('SIGN_IN_RATE_LIMITED');
    expect(limited.errors?.[0].extensions?.retryAfterMs).toBe(900_000);
    // One device guessing many users is stopped too.
    for (const userName of ['u1', 'u2', 'u3', 'u4', 'u5']) await attempt(userName, 'x', 'thief-phone');
    expect((await attempt('alice', 'demo', 'thief-phone')).errors?.[0].extensions?.code).toBe('SIGN_IN_RATE_LIMITED');
    // Others are not affected, and the window passes.
    expect((await attempt('alice', 'demo', 'alice-phone')).data.signIn.session).not.toBeNull();
    bed.clock.advance(900_001);
    expect((await attempt('bob', 'demo', 'bob-9')).data.signIn.session).not.toBeNull();
  });

  it('rate-limits sign-in per canonical user: another spelling of a limited name gets no fresh budget', async () => {
    const attempt = (userName: string, password: string) =>
      bed.gql(`mutation($input: SignInInput!) { signIn(input: $input) { session { userId } userErrors { field code } } }`, { input: { userName, password } });
    for (let n = 0; n < 5; n += 1) expect((await attempt('carol', 'wrong')).data.signIn.userErrors).toEqual([{ field: 'input.password', code: 'AUTH_FAILED' }]);
    for (const spelling of ['CAROL', 'Carol', 'cArol']) {
      const wrong = await attempt(spelling, 'wrong');
      expect(wrong.status).toBe(429);
      expect(wrong.errors?.[0].extensions?.code).toBe('SIGN_IN_RATE_LIMITED');
      const right = await attempt(spelling, 'demo');
      expect(right.errors?.[0].extensions?.code).toBe('SIGN_IN_RATE_LIMITED');
      expect(right.data).toBeNull();
    }
    // Failures under different spellings add up, too.
    for (const spelling of ['BOB', 'Bob', 'bOb', 'boB']) await attempt(spelling, 'wrong');
    expect((await attempt('bob', 'wrong')).data.signIn.userErrors).toEqual([{ field: 'input.password', code: 'AUTH_FAILED' }]);
    expect((await attempt('bob', 'demo')).errors?.[0].extensions?.code).toBe('SIGN_IN_RATE_LIMITED');
    bed.clock.advance(900_001);
    expect((await attempt('Carol', 'demo')).data.signIn.session).not.toBeNull();
  });

  it('rate-limits sign-in per client address, so that rotating names stops adding attempts', async () => {
    const admin = await bed.admin();
    const set = await bed.gql(
      `mutation { updateSettings(settings: [{ name: "signInMaxFailuresPerAddress", value: 8 }]) { userErrors { field code } } }`,
      {},
      admin,
    );
    expect(set.data.updateSettings.userErrors).toEqual([]);
    const attempt = (userName: string, password: string) =>
      bed.gql(`mutation($input: SignInInput!) { signIn(input: $input) { session { userId } userErrors { field code } } }`, { input: { userName, password } });
    for (let n = 0; n < 8; n += 1)
      expect((await attempt(`nobody-${n}`, 'guess')).data.signIn.userErrors).toEqual([{ field: 'input.password', code: 'AUTH_FAILED' }]);
    for (let n = 8; n < 30; n += 1) expect((await attempt(`nobody-${n}`, 'guess')).errors?.[0].extensions?.code).toBe('SIGN_IN_RATE_LIMITED');
    const alice = await attempt('alice', 'demo');
    expect(alice.status).toBe(429);
    expect(alice.errors?.[0].message).toMatch(/address/);
    // Refused attempts are not stored: the table holds the 8 failures, not 30.
    const since = new Date(bed.clock.now() - 3_600_000).toISOString();
    const counted = await bed.bridge.state.signInAttempts.failuresSince({ userKey: 'name:nobody-0', clientAddress: '127.0.0.1', since });
    expect(counted.byAddress).toBe(8);
    bed.clock.advance(900_001);
    expect((await attempt('alice', 'demo')).data.signIn.session).not.toBeNull();
  });

  it('ends the whole session family when a used refresh token is presented again', async () => {
    const refreshQuery = `mutation($t: String!) { refreshSession(refreshToken: $t) { session { accessToken refreshToken } } }`;
    const first = await bed.signIn('alice', 'alice-phone');
    const second = (await bed.gql(refreshQuery, { t: first.refreshToken })).data.refreshSession.session;
    const third = (await bed.gql(refreshQuery, { t: second.refreshToken })).data.refreshSession.session;
    expect((await bed.gql(`{ whoAmI { userId } }`, {}, third.accessToken)).data.whoAmI.userId).toBe(first.userId);
    // Another alice session (another device) is another family and stays.
    const other = await bed.signIn('alice', 'alice-tablet');
    // An attacker replays the first refresh token.
    const replay = await bed.gql(refreshQuery, { t: first.refreshToken });
    expect(replay.errors?.[0].extensions?.code).toBe('AUTH_EXPIRED');
    // The descendant's refresh token and its access tokens are dead.
    expect((await bed.gql(refreshQuery, { t: third.refreshToken })).errors?.[0].extensions?.code).toBe('AUTH_EXPIRED');
    const call = await bed.gql(`{ whoAmI { userId } }`, {}, third.accessToken);
    expect(call.status).toBe(401);
    expect(call.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await bed.gql(`{ whoAmI { userId } }`, {}, second.accessToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await bed.gql(`{ whoAmI { userId } }`, {}, other.accessToken)).data.whoAmI.userId).toBe(first.userId);
    expect((await bed.gql(refreshQuery, { t: other.refreshToken })).data.refreshSession.session.accessToken).toEqual(expect.any(String));
  });

  it('ends the family when a refresh token is used twice at once: at most one use wins, and then neither lives', async () => {
    const refreshQuery = `mutation($t: String!) { refreshSession(refreshToken: $t) { session { accessToken refreshToken } } }`;
    const first = await bed.signIn('alice', 'alice-phone');
    const answers = await Promise.all([bed.gql(refreshQuery, { t: first.refreshToken }), bed.gql(refreshQuery, { t: first.refreshToken })]);
    const won = answers.map((answer) => answer.data?.refreshSession?.session).filter(Boolean);
    expect(won.length).toBeLessThanOrEqual(1);
    for (const session of won) {
      expect((await bed.gql(`{ whoAmI { userId } }`, {}, session.accessToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await bed.gql(refreshQuery, { t: session.refreshToken })).errors?.[0].extensions?.code).toBe('AUTH_EXPIRED');
    }
  });

  it('ends the access token at sign-out', async () => {
    const session = await bed.signIn('alice');
    expect((await bed.gql(`mutation { signOut }`, {}, session.accessToken)).data.signOut).toBe(true);
    expect((await bed.gql(`{ whoAmI { userId } }`, {}, session.accessToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(
      (await bed.gql(`mutation($t: String!) { refreshSession(refreshToken: $t) { session { accessToken } } }`, { t: session.refreshToken })).errors?.[0]
        .extensions?.code,
    ).toBe('AUTH_EXPIRED');
  });

  it('masks unexpected errors: no message, no stack reaches the client', async () => {
    const token = await bed.device('alice', 'alice-phone');
    breakWith = new Error('database password is hunter2 at /srv/secret.ts:12');
    // A failed CRM call stays retryable (TRANSIENT) but its cause stays on the server.
    const read = await bed.gql(READ_ACCOUNTS, { size: 1 }, token);
    expect(read.errors?.[0].extensions?.code).toBe('TRANSIENT');
    expect(read.errors?.[0].message).toBe('the CRM call failed for a passing reason; retry');
    // An error nobody expected is masked whole.
    const signIn = await bed.gql(`mutation { signIn(input: { userName: "alice", password: "demo" }) { session { userId } } }`);
    expect(signIn.errors?.[0].message).toBe('Unexpected error.');
    for (const answer of [read, signIn]) expect(JSON.stringify(answer)).not.toMatch(/hunter2|secret\.ts|\bat \//);
  });

  it('limits query depth, aliases and request bodies, and caps pages', async () => {
    const admin = await bed.admin();
    const deep = `{ devices { edges { node { user { devices { user { devices { user { devices { user { devices { user { userName } } } } } } } } } } } } }`;
    const tooDeep = await bed.gql(deep, {}, admin);
    expect(tooDeep.errors).toEqual([
      { message: 'Query depth limit of 12 exceeded, found 13.', extensions: { code: 'QUERY_TOO_DEEP', details: { limit: 12 } } },
    ]);
    expect(tooDeep.data).toBeUndefined();
    const aliases = `{ ${Array.from({ length: 31 }, (_, n) => `a${n}: whoAmI { userId }`).join(' ')} }`;
    expect((await bed.gql(aliases, {}, admin)).errors).toEqual([
      { message: 'Aliases limit of 30 exceeded, found 31.', extensions: { code: 'TOO_MANY_ALIASES', details: { limit: 30 } } },
    ]);
    const tokens = await bed.gql(`{ whoAmI(${'a: 1 '.repeat(1_700)}) { userId } }`, {}, admin);
    expect(tokens.errors).toEqual([{ message: 'Token limit of 5000 exceeded.', extensions: { code: 'TOO_MANY_TOKENS', details: { limit: 5000 } } }]);
    const huge = await fetch(`${bed.bridge.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query: '{ whoAmI { userId } }', variables: { pad: 'x'.repeat(9 * 1024 * 1024) } }),
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('BODY_TOO_LARGE');
    const settings = await bed.gql(`mutation { updateSettings(settings: [{ name: "maxPageSize", value: 7 }]) { userErrors { field } } }`, {}, admin);
    expect(settings.data.updateSettings.userErrors).toEqual([]);
    const token = await bed.device('alice', 'alice-phone');
    expect((await bed.gql(READ_ACCOUNTS, { size: 100_000 }, token)).data.readPage.records.length).toBe(7);
    expect((await bed.gql(`{ capabilities { maxPageSize } }`, {}, token)).data.capabilities.maxPageSize).toBe(7);
    const zero = await bed.gql(READ_ACCOUNTS, { size: 0 }, token);
    expect(zero.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'pageSize' } });
  });

  it('refuses a query costlier than the configured limit before running it', async () => {
    const strict = await createBridgeTestBed(await backend.freshUrl(), { limits: { maxCost: 200 } });
    try {
      const admin = await strict.admin();
      const wide = `devices { edges { node { deviceId name os appVersion state registeredAt lastSeenAt lastSyncAt user { id userName fullName disabled roles devices { deviceId name os state commands { id kind status issuedAt issuedBy deliveredAt completedAt message } } } commands { id kind status issuedAt issuedBy } } } }`;
      const costly = await strict.gql(`{ ${Array.from({ length: 10 }, (_, n) => `d${n}: ${wide}`).join(' ')} }`, {}, admin);
      expect(costly.errors?.[0].message).toMatch(/^Query Cost limit of 200 exceeded, found [\d.]+\.$/);
      expect(costly.errors?.[0].extensions).toEqual({ code: 'QUERY_TOO_COSTLY', details: { limit: 200 } });
      expect(costly.data).toBeUndefined();
      expect((await strict.gql(`{ devices { totalCount } }`, {}, admin)).data.devices.totalCount).toBe(0);
    } finally {
      await strict.close();
    }
  });

  it('names the field of malformed input and changes nothing', async () => {
    const token = await bed.device('alice', 'alice-phone');
    const before = (await bed.crm.count(await bed.crm.principalOf((await bed.crm.findUserByName('admin'))!.id), { entity: 'task' })).matching;
    const notList = await bed.gql(`mutation { writeBatch(operations: { kind: "create" }) }`, {}, token);
    expect(notList.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'operations' } });
    const ops = [
      { kind: 'create', entity: 'task', idempotencyKey: 'k1', fields: { subject: 'ok' } },
      { kind: 'create', entity: 'task', fields: { subject: 'no key' } },
    ];
    const noKey = await bed.gql(`mutation($ops: JSON!) { writeBatch(operations: $ops) }`, { ops }, token);
    expect(noKey.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'operations[1].idempotencyKey' } });
    const wrongType = await bed.gql(
      `mutation($input: RegisterDeviceInput!) { registerDevice(input: $input) { device { deviceId } } }`,
      { input: { name: 12, os: 'x', appVersion: '1' } },
      token,
    );
    expect(wrongType.errors?.[0].message).toMatch(/"input.name"/);
    const blank = await bed.gql(
      `mutation { registerDevice(input: { name: " ", os: "x", appVersion: "1.0.0" }) { device { deviceId } userErrors { field code } } }`,
      {},
      token,
    );
    expect(blank.data.registerDevice).toEqual({ device: null, userErrors: [{ field: 'input.name', code: 'INVALID_VALUE' }] });
    expect((await bed.crm.count(await bed.crm.principalOf((await bed.crm.findUserByName('admin'))!.id), { entity: 'task' })).matching).toBe(before);
  });

  it('refuses filters nested deeper than 32 levels with FILTER_TOO_DEEP, and FetchXML with a DOCTYPE, and stays up', async () => {
    const token = await bed.device('alice', 'alice-phone');
    // Written as text: JSON.stringify itself overflows on 20,000 levels.
    const where = `${'{"kind":"group","type":"and","children":['.repeat(20_000)}{"kind":"condition","field":"name","operator":"not-null"}${']}'.repeat(20_000)}`;
    const post = async (query: string, variables: string, bearer: string) => {
      const response = await fetch(`${bed.bridge.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: `{"query":${JSON.stringify(query)},"variables":${variables}}`,
      });
      return (await response.json()) as GraphQLAnswer;
    };
    for (const query of [
      `query($f: JSON) { readPage(entity: "account", pageSize: 5, filter: $f) { records } }`,
      `query($f: JSON) { count(entity: "account", filter: $f) { matching } }`,
    ]) {
      const deep = await post(query, `{"f":${where}}`, token);
      expect(deep.errors?.[0].extensions).toMatchObject({ code: 'FILTER_TOO_DEEP', details: { maxDepth: 32 } });
      expect(deep.errors?.[0].message).toMatch(/limit of 32 levels/);
    }
    const admin = await bed.admin();
    const nestedXml = `<fetch><entity name="account">${'<filter>'.repeat(300_000)}${'</filter>'.repeat(300_000)}</entity></fetch>`;
    const doctypeXml = '<!DOCTYPE fetch [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]><fetch><entity name="task"/></fetch>';
    const entities = `[{"entity":"account","fetchXml":${JSON.stringify(nestedXml)}},{"entity":"contact","filter":{"entity":"contact","where":${where}}},{"entity":"task","fetchXml":${JSON.stringify(doctypeXml)}}]`;
    const refused = await post(
      `mutation($input: PublishCustomizationInput!) { publishCustomization(input: $input) { customization { revision } userErrors { field code message } } }`,
      `{"input":{"content":{"entities":${entities}},"roles":[{"role":"Salesperson","priority":1}]}}`,
      admin,
    );
    expect(refused.data.publishCustomization.customization).toBeNull();
    expect(refused.data.publishCustomization.userErrors).toEqual([
      { field: 'input.content.entities[0].fetchXml', code: 'INVALID_CUSTOMIZATION', message: expect.stringMatching(/limit of 32 levels/) },
      { field: 'input.content.entities[1].filter', code: 'INVALID_CUSTOMIZATION', message: expect.stringMatching(/limit of 32 levels/) },
      { field: 'input.content.entities[2].fetchXml', code: 'INVALID_CUSTOMIZATION', message: expect.stringMatching(/DOCTYPE is not allowed/) },
    ]);
    expect((await bed.gql(`{ customizations { revision } }`, {}, admin)).data.customizations).toEqual([{ revision: 1 }]);
    expect((await bed.gql(READ_ACCOUNTS, { size: 1 }, token)).data.readPage.records).toHaveLength(1);
  });

  it('applies the depth limit to introspection: GraphiQL’s introspection query runs, a deeper one is QUERY_TOO_DEEP', async () => {
    const admin = await bed.admin();
    const graphiql = await bed.gql(
      getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }),
      {},
      admin,
    );
    expect(graphiql.errors).toBeUndefined();
    expect(graphiql.data.__schema.queryType.name).toBe('Query');
    // 25 levels: __schema, types, 22 ofType, name (graphql-js's own rule only bounds fields/interfaces cycles).
    const cycle = `{ __schema { types { ${'ofType { '.repeat(22)}name${' }'.repeat(22)} } } }`;
    const deep = await bed.gql(cycle, {}, admin);
    expect(deep.errors).toEqual([{ message: 'Query depth limit of 24 exceeded, found 25.', extensions: { code: 'QUERY_TOO_DEEP', details: { limit: 24 } } }]);
    expect(deep.data).toBeUndefined();
  });

  it('answers 415 to a POST that is not JSON (forms, multipart, text), so a cross-site form cannot sign in or query', async () => {
    const url = `${bed.bridge.url}/graphql`;
    const signIn = 'mutation { signIn(input: { userName: "alice", password: "demo" }) { session { accessToken } } }';
    const token = await bed.device('alice', 'alice-phone');
    const multipart = new FormData();
    multipart.set('query', '{ whoAmI { userId } }');
    const refused = [
      await fetch(url, { method: 'POST', body: new URLSearchParams({ query: signIn }) }),
      await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: multipart }),
      await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: signIn }) }),
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/graphql' }, body: signIn }),
      await fetch(url, { method: 'POST', body: new Uint8Array(Buffer.from(JSON.stringify({ query: signIn }))) }),
    ];
    for (const response of refused) {
      expect(response.status).toBe(415);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(body.errors[0].message).toMatch(/^a POST to the API must have Content-Type application\/json, got /);
    }
    for (const [contentType, accept] of [
      ['application/json; charset=utf-8', 'application/json'],
      ['application/json', 'application/graphql-response+json'],
    ]) {
      const answer = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': contentType, accept, authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ whoAmI { userName } }' }),
      });
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { data: { whoAmI: { userName: string } } }).data.whoAmI.userName).toBe('alice');
    }
    // GET runs queries only.
    const get = await fetch(`${url}?query=${encodeURIComponent('{ whoAmI { userName } }')}`, {
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
    });
    expect(((await get.json()) as { data: { whoAmI: { userName: string } } }).data.whoAmI.userName).toBe('alice');
    const mutationOverGet = await fetch(`${url}?query=${encodeURIComponent(signIn)}`, { headers: { accept: 'application/json' } });
    expect(mutationOverGet.status).toBe(405);
  });

  it('without GraphiQL, lets only admins introspect the schema', async () => {
    const closed = await createBridgeTestBed(await backend.freshUrl(), { graphiql: false });
    try {
      const introspect = `{ __schema { queryType { name } } }`;
      const typeQuery = `{ __type(name: "Query") { name } }`;
      const device = await closed.device('alice', 'alice-phone');
      const console = (await closed.signIn('alice')).accessToken;
      for (const token of [undefined, 'not-a-token', device, console]) {
        for (const query of [introspect, typeQuery]) {
          const refused = await closed.gql(query, {}, token);
          expect(refused.errors?.[0].extensions?.code).toBe('INTROSPECTION_DISABLED');
          expect(refused.data).toBeUndefined();
        }
      }
      expect((await closed.gql(`{ whoAmI { __typename userName } }`, {}, device)).data.whoAmI).toEqual({ __typename: 'WhoAmI', userName: 'alice' });
      const admin = await closed.admin();
      expect((await closed.gql(introspect, {}, admin)).data.__schema.queryType.name).toBe('Query');
      const page = await fetch(`${closed.bridge.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(await page.text()).not.toMatch(/graphiql/i);
      // With GraphiQL on (the default), anyone may introspect, as before.
      expect((await bed.gql(introspect, {}, device)).data.__schema.queryType.name).toBe('Query');
    } finally {
      await closed.close();
    }
  });

  it('names unknown fields of a read, and refuses ids, app versions, sync ids and role names of the wrong shape, storing nothing', async () => {
    const token = await bed.device('alice', 'alice-phone');
    const fields = await bed.gql(`{ readPage(entity: "account", pageSize: 5, fields: ["name", "nosuchfield", "telephone1", "other"]) { records } }`, {}, token);
    expect(fields.errors?.[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: {
        subject: 'fields',
        issues: [
          { path: 'fields[1]', message: "unknown field 'nosuchfield' of entity 'account'" },
          { path: 'fields[3]', message: "unknown field 'other' of entity 'account'" },
        ],
      },
    });
    expect((await bed.gql(`{ capabilities { idFormat clientAssignedIds } }`, {}, token)).data.capabilities).toEqual({
      idFormat: 'guid',
      clientAssignedIds: true,
    });

    const admin = (await bed.crm.findUserByName('admin'))!;
    const accounts = async () => (await bed.crm.count(await bed.crm.principalOf(admin.id), { entity: 'account' })).matching;
    const before = await accounts();
    const write = (ops: unknown[]) => bed.gql(`mutation($ops: JSON!) { writeBatch(operations: $ops) }`, { ops }, token);
    const traversal = await write([{ kind: 'create', entity: 'account', id: '../../etc/passwd', idempotencyKey: 'k1', fields: { name: 'Evil' } }]);
    expect(traversal.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'operations[0].id' } });
    expect(traversal.errors?.[0].message).toMatch(/^operations\[0\]\.id: must be a GUID .*, got '\.\.\/\.\.\/etc\/passwd'$/);
    const update = await write([{ kind: 'update', entity: 'account', id: 'abc', idempotencyKey: 'k2', fields: { name: 'x' } }]);
    expect(update.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'operations[0].id' } });
    // Behind the edge, the CRM refuses an id given as the primary key field too.
    const asField = await write([{ kind: 'create', entity: 'account', idempotencyKey: 'k3', fields: { accountid: '../../etc/passwd', name: 'Evil' } }]);
    expect(asField.data.writeBatch[0]).toMatchObject({ status: 'failed', error: { code: 'VALIDATION_FAILED', field: 'accountid' } });
    expect(await accounts()).toBe(before);

    const register = (appVersion: string) =>
      bed.gql(
        `mutation($input: RegisterDeviceInput!) { registerDevice(input: $input) { device { appVersion } userErrors { field code message } } }`,
        { input: { name: 'A', os: 'iOS 18', appVersion } },
        token,
      );
    for (const appVersion of ['1', 'latest', '1.0.0'.padEnd(70, '0'), '1.0.0\n2.0.0']) {
      expect((await register(appVersion)).data.registerDevice).toMatchObject({
        device: null,
        userErrors: [{ field: 'input.appVersion', code: 'INVALID_VERSION' }],
      });
    }
    expect((await register('2.4.0-beta.1+build.7')).data.registerDevice).toEqual({ device: { appVersion: '2.4.0-beta.1+build.7' }, userErrors: [] });

    const sync = {
      startedAt: '2026-11-23T09:00:00Z',
      endedAt: '2026-11-23T09:00:04Z',
      durationMs: 4000,
      type: 'full',
      success: true,
      cancelled: false,
      uploads: 0,
      uploadErrors: 0,
      retries: 0,
      downloaded: 0,
    };
    for (const syncId of ['../x', 'a b', '\u0000', 'x'.repeat(129)]) {
      const report = await bed.gql(
        `mutation($input: SyncTrackingInput!) { reportSync(input: $input) { sync { syncId } userErrors { field code } } }`,
        { input: { ...sync, syncId } },
        token,
      );
      expect(report.data.reportSync).toEqual({ sync: null, userErrors: [{ field: 'input.syncId', code: 'INVALID_VALUE' }] });
      const log = await bed.gql(
        `mutation($id: String!) { uploadSyncLog(syncId: $id, text: "x") { log { bytes } userErrors { field code } } }`,
        { id: syncId },
        token,
      );
      expect(log.data.uploadSyncLog).toEqual({ log: null, userErrors: [{ field: 'syncId', code: 'INVALID_VALUE' }] });
    }
    const uuid = '3f2b8c4e-0d1a-4c6b-9e7f-2a5d8b1c9e0f';
    expect(
      (
        await bed.gql(
          `mutation($input: SyncTrackingInput!) { reportSync(input: $input) { sync { syncId } userErrors { field } } }`,
          { input: { ...sync, syncId: uuid } },
          token,
        )
      ).data.reportSync,
    ).toEqual({ sync: { syncId: uuid }, userErrors: [] });

    const adminToken = await bed.admin();
    const publish = (role: string) =>
      bed.gql(
        `mutation($input: PublishCustomizationInput!) { publishCustomization(input: $input) { customization { revision } userErrors { field code message } } }`,
        { input: { content: { entities: [{ entity: 'account' }] }, roles: [{ role, priority: 1 }] } },
        adminToken,
      );
    for (const role of ['r'.repeat(1024 * 1024), 'Sales\nperson', ' Salesperson', 'x'.repeat(101)]) {
      const refused = (await publish(role)).data.publishCustomization;
      expect(refused.customization).toBeNull();
      expect(refused.userErrors).toEqual([{ field: 'input.roles[0].role', code: 'INVALID_ROLE', message: expect.any(String) }]);
      expect(refused.userErrors[0].message.length).toBeLessThan(200);
    }
    expect((await publish('x'.repeat(100))).data.publishCustomization.userErrors).toEqual([]);
  });
});
