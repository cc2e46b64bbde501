import { mkdtempSync, rmSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { CrmConnector } from '@fieldsync/connector-api';
import { CONFORMANCE_PASSWORD, provisionConformanceOrg } from '../connector-embedded/provision-conformance-org';
import { ConformanceClock, conformanceSchema, createConformanceRecordGenerator } from '@fieldsync/connector-testkit';
import { openCrmStore, type CrmStore } from '@fieldsync/crm-store';
import { startSalesforceEmulator, type SalesforceEmulator } from '@fieldsync/emulator-salesforce';
import type { CrmRecord } from '@fieldsync/model';
import { createSalesforceConnector, type SalesforceConnectorConfig } from '@fieldsync/connector-salesforce';
import { conformanceEntityMapping } from './conformance-entity-mapping';
import { startCountingProxy } from './counting-proxy';

delete process.env.http_proxy;
delete process.env.https_proxy;
delete process.env.HTTP_PROXY;
delete process.env.HTTPS_PROXY;

describe('Salesforce connector through real jsforce against the emulator', () => {
  let dir: string;
  let store: CrmStore;
  /** The org's clock, also the connectors': their waits are recorded, never spent on the wall clock. */
  let clock: ConformanceClock;
  let sf: SalesforceEmulator;
  let userIds: Awaited<ReturnType<typeof provisionConformanceOrg>>['userIds'];
  const connectors: CrmConnector[] = [];

  const connect = (
    userName: string,
    password = CONFORMANCE_PASSWORD,
    aheadMs = 0,
    loginUrl = sf.loginUrl,
    options: Partial<SalesforceConnectorConfig> = {},
  ): CrmConnector => {
    const connector = createSalesforceConnector({
      loginUrl,
      apiVersion: sf.apiVersion,
      credentials: { kind: 'password', username: userName, password, clientId: 'fieldsync', clientSecret: 'fieldsync-secret' },
      externalIdField: 'Fieldsync_Id__c',
      entities: conformanceEntityMapping,
      sObjects: ['Account', 'Contact', 'Note'],
      clock: { now: () => clock.now() + aheadMs, sleep: (ms) => clock.sleep(ms) },
      ...options,
    });
    connectors.push(connector);
    return connector;
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
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-sf-connector-'));
    clock = new ConformanceClock(Date.parse('2026-01-10T12:00:00Z'));
    store = await openCrmStore({ file: path.join(dir, 'crm.db'), clock });
    await store.applySchema(conformanceSchema);
    ({ userIds } = await provisionConformanceOrg(store, conformanceSchema));
    sf = await startSalesforceEmulator({ store });
  });

  afterEach(async () => {
    await Promise.all(connectors.splice(0).map((connector) => connector.close()));
    await sf.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in with the OAuth password flow and answers who the user is', async () => {
    const alice = connect('alice');
    const session = await alice.signIn();
    expect(session.userId).toBe(userIds.alice);
    expect(session.accessToken.length).toBeGreaterThan(0);
    const me = await alice.whoAmI();
    expect(me).toMatchObject({ userId: userIds.alice, userName: 'alice', organizationId: sf.organizationId });
  });

  it('refuses a wrong password with AuthFailedError', async () => {
    await expect(connect('alice', 'wrong').signIn()).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });

  it('describes the sObjects as the model entities, with lookups and their targets', async () => {
    const schema = await connect('alice').describe(['account', 'contact']);
    const contact = schema.entities.find((entity) => entity.name === 'contact');
    expect(contact?.primaryKey).toBe('contactid');
    expect(contact?.fields.find((field) => field.name === 'parentcustomerid')).toMatchObject({ type: 'lookup', targets: ['account'] });
    const account = schema.entities.find((entity) => entity.name === 'account');
    expect(account?.fields.find((field) => field.name === 'statecode')?.type).toBe('state');
    expect(account?.fields.find((field) => field.name === 'revenue')?.type).toBe('money');
    await expect(connect('alice').describe(['no_such_entity'])).rejects.toMatchObject({ code: 'UNKNOWN_ENTITY' });
  });

  it('reads 2,500 records in full across query locators, each once', async () => {
    const ids = await store.insertMany('account', createConformanceRecordGenerator(1).accounts(2_500), { ownerId: userIds.alice });
    const { records, pages } = await readAll(connect('alice'), 'account', 1_000);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(records.map((record) => record.id).sort()).toEqual([...ids].sort());
    expect(new Set(records.map((record) => record.id)).size).toBe(2_500);
  });

  it('reads changes and deletes since a finished full read, with the look-back absorbing repeats', async () => {
    const ids = await store.insertMany('account', createConformanceRecordGenerator(2).accounts(5), { ownerId: userIds.alice });
    // Older than the look-back window of the next read, so they are not read again.
    clock.advance(2 * 60_000);
    const alice = connect('alice');
    const first = await readAll(alice, 'account', 100);
    clock.advance(5 * 60_000);
    await store.updateAsSystem('account', ids[0], { name: 'Changed later' });
    await store.deleteAsSystem('account', ids[1]);
    clock.advance(2 * 60_000);
    const changes = await readAll(alice, 'account', 100, first.anchor);
    expect(changes.records.map((record) => [record.id, record.fields.name])).toEqual([[ids[0], 'Changed later']]);
    expect(changes.removed).toEqual([ids[1]]);
  });

  it('re-reads a record committed late with a SystemModstamp older than the anchor, inside the look-back', async () => {
    // The anchor is taken 30 s after the server's clock; the record committed next carries the
    // server's time, older than the anchor, as a long transaction's SystemModstamp would be.
    const alice = connect('alice', CONFORMANCE_PASSWORD, 30_000);
    const first = await readAll(alice, 'account', 100);
    const [late] = await store.insertMany('account', createConformanceRecordGenerator(4).accounts(1), { ownerId: userIds.alice });
    const changes = await readAll(alice, 'account', 100, first.anchor);
    expect(changes.records.map((record) => record.id)).toEqual([late]);
  });

  it("reads its anchor's second again, so an org change in the second of its own write and read is not lost, even without a look-back", async () => {
    clock.advance(2 * 60_000 + 100);
    const alice = connect('alice', CONFORMANCE_PASSWORD, 0, sf.loginUrl, { lookBackMs: 0 });
    const first = await readAll(alice, 'account', 100);
    const [written] = await alice.writeBatch({
      operations: [{ kind: 'create', entity: 'account', idempotencyKey: 'same-second', fields: { name: 'Written by the device' } }],
    });
    const id = (written as { id: string }).id;
    clock.advance(300);
    const own = await readAll(alice, 'account', 100, first.anchor);
    expect(own.records.map((record) => record.id)).toEqual([id]);
    // A server rule changes the record later in the same second: its SystemModstamp does not move.
    clock.advance(300);
    await store.updateAsSystem('account', id, { name: 'Changed by the org' });
    expect((await store.getAsSystem('account', id))?.fields.modifiedon).toBe('2026-01-10T12:02:00.700Z');
    clock.advance(2_000);
    const changes = await readAll(alice, 'account', 100, own.anchor);
    expect(changes.records.map((record) => [record.id, record.fields.name, record.version])).toEqual([[id, 'Changed by the org', '2026-01-10T12:02:00.000Z']]);
  });

  it('pages an incremental read on (SystemModstamp, Id) when many records share one SystemModstamp', async () => {
    const alice = connect('alice');
    const first = await readAll(alice, 'account', 100);
    clock.advance(5 * 60_000);
    const ids = await store.insertMany('account', createConformanceRecordGenerator(5).accounts(250), { ownerId: userIds.alice });
    clock.advance(5 * 60_000);
    const changes = await readAll(alice, 'account', 100, first.anchor);
    expect(changes.pages).toBe(3);
    expect(changes.records.map((record) => record.id).sort()).toEqual([...ids].sort());
    const again = await readAll(alice, 'account', 100, changes.anchor);
    expect(again.records).toEqual([]);
  });

  it('creates through an upsert on the external id, so a repeated create does not duplicate', async () => {
    const alice = connect('alice');
    const operations = createConformanceRecordGenerator(3)
      .accounts(2)
      .map((fields, index) => ({ kind: 'create' as const, entity: 'account', idempotencyKey: `key-${index}`, fields }));
    const first = await alice.writeBatch({ operations });
    const again = await alice.writeBatch({ operations });
    expect(first.map((result) => [result.status, result.status === 'ok' && result.replayed])).toEqual([
      ['ok', false],
      ['ok', false],
    ]);
    expect(again.map((result) => [result.status, result.status === 'ok' && result.replayed])).toEqual([
      ['ok', true],
      ['ok', true],
    ]);
    expect((await alice.count({ entity: 'account' })).matching).toBe(2);
  });

  it('refreshes an expired session once and carries on', async () => {
    const alice = connect('alice');
    await alice.signIn();
    sf.expireSessions();
    expect((await alice.count({ entity: 'account' })).matching).toBe(0);
  });

  it('waits out a 429 with Retry-After and carries on', async () => {
    const alice = connect('alice');
    await alice.signIn();
    sf.faults.rateLimitNext(1, 3);
    expect((await alice.count({ entity: 'account' })).matching).toBe(0);
    // The emulator answered Retry-After: 3; the connector asked its clock for exactly that wait.
    expect(clock.waits()).toEqual([3_000]);
  });

  it('reports API usage from Sforce-Limit-Info', async () => {
    const alice = connect('alice');
    await alice.count({ entity: 'account' });
    const usage = await alice.apiUsage();
    expect(usage.limit).toBe(100_000);
    expect(usage.used).toBeGreaterThan(0);
  });
  it('reads 10,500 records in full, past the 10,000 where jsforce autoFetch stops, each once', async () => {
    const ids = await store.insertMany('account', createConformanceRecordGenerator(6).accounts(10_500), { ownerId: userIds.alice });
    const { records, pages } = await readAll(connect('alice'), 'account', 2_000);
    expect(pages).toBe(6);
    expect(new Set(records.map((record) => record.id))).toEqual(new Set(ids));
    expect(records).toHaveLength(10_500);
  }, 60_000);

  it('goes on from the last Id when the query locator has expired', async () => {
    const ids = await store.insertMany('account', createConformanceRecordGenerator(7).accounts(900), { ownerId: userIds.alice });
    const alice = connect('alice');
    const first = await alice.readPage({ entity: 'account', pageSize: 400 });
    expect(first.done).toBe(false);
    sf.expireQueryLocators();
    const rest = await readAll(alice, 'account', 400, first.nextAnchor);
    const seen = [...first.records, ...rest.records].map((record) => record.id);
    expect(seen).toHaveLength(900);
    expect(new Set(seen)).toEqual(new Set(ids));
  });

  it('runs the filter in the org and refuses an unknown field or entity with a typed error', async () => {
    await store.insertMany('account', createConformanceRecordGenerator(8).accounts(60), { ownerId: userIds.alice });
    const alice = connect('alice');
    const page = await alice.readPage({ entity: 'account', pageSize: 2_000, filter: { kind: 'condition', field: 'city', operator: 'eq', value: 'Bergen' } });
    expect(page.records.length).toBeGreaterThan(0);
    expect(page.records.every((record) => record.fields.city === 'Bergen')).toBe(true);
    await expect(
      alice.readPage({ entity: 'account', pageSize: 10, filter: { kind: 'condition', field: 'nickname', operator: 'eq', value: 'x' } }),
    ).rejects.toMatchObject({ code: 'INVALID_FILTER' });
    await expect(alice.readPage({ entity: 'no_such_entity', pageSize: 10 })).rejects.toMatchObject({ code: 'UNKNOWN_ENTITY' });
  });

  it('writes 200 creates in one collection call and refuses 201 before sending anything', async () => {
    const alice = connect('alice');
    const operations = createConformanceRecordGenerator(9)
      .accounts(201)
      .map((fields, index) => ({ kind: 'create' as const, entity: 'account', idempotencyKey: `bulk-${index}`, fields }));
    await expect(alice.writeBatch({ operations })).rejects.toMatchObject({ code: 'BATCH_TOO_LARGE' });
    expect((await alice.count({ entity: 'account' })).matching).toBe(0);
    const results = await alice.writeBatch({ operations: operations.slice(0, 200) });
    expect(results.filter((result) => result.status === 'ok')).toHaveLength(200);
    expect((await alice.count({ entity: 'account' })).matching).toBe(200);
  });

  it('rolls back an allOrNone batch with a bad record and reports the others retryable', async () => {
    const alice = connect('alice');
    const [good1, good2] = createConformanceRecordGenerator(10).accounts(2);
    const results = await alice.writeBatch({
      allOrNone: true,
      operations: [
        { kind: 'create', entity: 'account', idempotencyKey: 'a', fields: good1 },
        { kind: 'create', entity: 'account', idempotencyKey: 'b', fields: { city: 'Nameless' } },
        { kind: 'create', entity: 'account', idempotencyKey: 'c', fields: good2 },
      ],
    });
    expect(results.map((result) => result.status)).toEqual(['failed', 'failed', 'failed']);
    expect(results[1]).toMatchObject({ error: { field: 'name' } });
    expect(results[0]).toMatchObject({ error: { code: 'ROLLED_BACK', retryable: true } });
    expect((await alice.count({ entity: 'account' })).matching).toBe(0);
  });

  it('answers a stale base version with a conflict carrying the server record, checked by the org', async () => {
    const [id] = await store.insertMany('account', createConformanceRecordGenerator(11).accounts(1), { ownerId: userIds.alice });
    const alice = connect('alice');
    const seen = (await alice.readPage({ entity: 'account', pageSize: 10 })).records[0];
    clock.advance(5_000);
    await store.updateAsSystem('account', id, { name: 'Server side' });
    const [result] = await alice.writeBatch({
      operations: [{ kind: 'update', entity: 'account', id, idempotencyKey: 'u1', fields: { name: 'Client side' }, baseVersion: seen.version }],
    });
    expect(result).toMatchObject({ status: 'conflict', id, serverRecord: { id, fields: { name: 'Server side' } } });
    expect((await store.getAsSystem('account', id))?.fields.name).toBe('Server side');
  });

  it('stops with AuthExpiredError after one refused refresh instead of looping', async () => {
    const proxy = await startCountingProxy(sf.url);
    try {
      const alice = connect('alice', CONFORMANCE_PASSWORD, 0, proxy.url);
      await alice.signIn();
      proxy.resetCounters();
      sf.expireSessions();
      proxy.refuseTokens('always');
      await expect(alice.count({ entity: 'account' })).rejects.toMatchObject({ code: 'AUTH_EXPIRED' });
      expect(proxy.counters().sessionRefreshes).toBe(1);
      expect(proxy.counters().calls).toBe(2);
    } finally {
      await proxy.close();
    }
  });
  it("signs in with the client-credentials flow as the connected app's run-as user", async () => {
    const app = createSalesforceConnector({
      loginUrl: sf.loginUrl,
      credentials: { kind: 'client-credentials', clientId: 'fieldsync', clientSecret: 'fieldsync-secret' },
      clock,
    });
    connectors.push(app);
    expect((await app.signIn()).userId).toBe(userIds.admin);
  });

  it("signs in with the JWT bearer flow, the assertion signed with the app certificate's key", async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await sf.close();
    sf = await startSalesforceEmulator({
      store,
      connectedApps: [{ clientId: 'fieldsync-jwt', clientSecret: 'unused', jwtPublicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() }],
    });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const jwt = createSalesforceConnector({
      loginUrl: sf.loginUrl,
      credentials: { kind: 'jwt', clientId: 'fieldsync-jwt', username: 'carol', privateKey: pem },
      clock,
    });
    connectors.push(jwt);
    expect((await jwt.signIn()).userId).toBe(userIds.carol);
    const forged = createSalesforceConnector({
      loginUrl: sf.loginUrl,
      credentials: {
        kind: 'jwt',
        clientId: 'fieldsync-jwt',
        username: 'carol',
        privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
      clock,
    });
    connectors.push(forged);
    await expect(forged.signIn()).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });
  it('refuses a token answer without the identity URL with a typed error naming it', async () => {
    // A token endpoint that answers like Salesforce but leaves out `id`, as a misconfigured proxy might.
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ access_token: 'token', instance_url: sf.url, token_type: 'Bearer', issued_at: String(clock.now()), signature: 'x' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const port = (server.address() as AddressInfo).port;
      await expect(connect('alice', CONFORMANCE_PASSWORD, 0, `http://127.0.0.1:${port}`).signIn()).rejects.toMatchObject({
        code: 'CONTRACT_VIOLATION',
        message: expect.stringContaining("no 'id'"),
      });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
  it('asks for a full resync when the recycle bin has forgotten deletes the anchor has not seen, and not after the new full read', async () => {
    await store.insertMany('account', createConformanceRecordGenerator(12).accounts(3), { ownerId: userIds.alice });
    const alice = connect('alice');
    const first = await readAll(alice, 'account', 100);
    clock.advance(5 * 60_000);
    sf.emptyRecycleBin();
    clock.advance(1_000);
    await expect(alice.readPage({ entity: 'account', pageSize: 100, anchor: first.anchor as never })).rejects.toMatchObject({ code: 'FULL_RESYNC_REQUIRED' });
    const again = await readAll(alice, 'account', 100);
    clock.advance(1_000);
    await expect(readAll(alice, 'account', 100, again.anchor)).resolves.toMatchObject({ removed: [] });
  });

  it('streams an attachment body in from chunks and out whole, refuses one past maxAttachmentBytes without storing it, and refuses an sObject without a base64 field', async () => {
    const [noteId] = await store.insertMany('annotation', createConformanceRecordGenerator(13).notes(1), { ownerId: userIds.alice });
    const alice = connect('alice') as Required<CrmConnector>;
    const bytes = Buffer.alloc(300_001, 0).map((_, i) => (i * 13) & 0xff);
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < bytes.length; at += 65_537) yield bytes.subarray(at, at + 65_537);
    }
    const written = await alice.writeAttachment(
      { entity: 'annotation', id: noteId },
      { fileName: 'scan.pdf', mimeType: 'application/pdf', body: chunks(), idempotencyKey: 'k1' },
    );
    expect(written.size).toBe(bytes.length);
    const read = await alice.readAttachment({ entity: 'annotation', id: noteId });
    const parts: Buffer[] = [];
    for await (const part of read.body) parts.push(Buffer.from(part));
    expect({ fileName: read.fileName, mimeType: read.mimeType, size: read.size }).toEqual({
      fileName: 'scan.pdf',
      mimeType: 'application/pdf',
      size: bytes.length,
    });
    expect(Buffer.concat(parts).equals(bytes)).toBe(true);

    const small = createSalesforceConnector({
      loginUrl: sf.loginUrl,
      apiVersion: sf.apiVersion,
      credentials: { kind: 'password', username: 'alice', password: CONFORMANCE_PASSWORD, clientId: 'fieldsync', clientSecret: 'fieldsync-secret' },
      externalIdField: 'Fieldsync_Id__c',
      entities: conformanceEntityMapping,
      sObjects: ['Account', 'Contact', 'Note'],
      clock,
      maxAttachmentBytes: 100_000,
    }) as Required<CrmConnector>;
    connectors.push(small);
    const upload = { fileName: 'big.bin', mimeType: 'application/octet-stream', idempotencyKey: 'k2' };
    await expect(small.writeAttachment({ entity: 'annotation', id: noteId }, { ...upload, body: bytes })).rejects.toMatchObject({
      code: 'ATTACHMENT_TOO_LARGE',
      limit: 100_000,
    });
    await expect(small.writeAttachment({ entity: 'annotation', id: noteId }, { ...upload, body: chunks() })).rejects.toMatchObject({
      code: 'ATTACHMENT_TOO_LARGE',
    });
    const after = await alice.readAttachment({ entity: 'annotation', id: noteId }, { start: 0, end: 9 });
    expect({ fileName: after.fileName, size: after.size, range: after.range }).toEqual({
      fileName: 'scan.pdf',
      size: bytes.length,
      range: { start: 0, end: 9 },
    });

    const [accountId] = await store.insertMany('account', createConformanceRecordGenerator(14).accounts(1), { ownerId: userIds.alice });
    await expect(alice.readAttachment({ entity: 'account', id: accountId })).rejects.toMatchObject({ code: 'UNSUPPORTED_CAPABILITY' });
  });
});
