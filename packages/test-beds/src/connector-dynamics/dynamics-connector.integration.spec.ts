import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { CrmConnector, WriteOperation } from '@fieldsync/connector-api';
import { FaultInjectingTransport } from '@fieldsync/connector-embedded/testing';
import { createConformanceControl } from '../connector-embedded/conformance-control';
import { CONFORMANCE_PASSWORD, provisionConformanceOrg } from '../connector-embedded/provision-conformance-org';
import { ConformanceClock, conformanceSchema, createConformanceRecordGenerator, type ConformanceControl } from '@fieldsync/connector-testkit';
import { openCrmStore, type CrmStore } from '@fieldsync/crm-store';
import { startDataverseEmulator, type DataverseEmulator } from '@fieldsync/emulator-dataverse';
import { selfSignedCertificate } from '@fieldsync/loopback-tls';
import { FieldsyncError, type CrmRecord } from '@fieldsync/model';
import { createDynamicsConnector, decodeDynamicsAnchor, type DynamicsConnectorConfig, type DynamicsCredentials } from '@fieldsync/connector-dynamics';
import { CONFORMANCE_CLIENT_ID, dynamicsConfigFor } from './dynamics-conformance-harness';
import { startCountingProxy, type CountingProxy } from './counting-proxy';

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
  /** The environment's clock, also the connectors': their waits are recorded, never spent on the wall clock. */
  let clock: ConformanceClock;
  let dv: DataverseEmulator;
  let userIds: Awaited<ReturnType<typeof provisionConformanceOrg>>['userIds'];
  let control: ConformanceControl;
  const connectors: CrmConnector[] = [];
  const proxies: CountingProxy[] = [];

  const password = (username: string, secret = CONFORMANCE_PASSWORD): DynamicsCredentials => ({
    kind: 'password',
    clientId: CONFORMANCE_CLIENT_ID,
    tenantId: dv.tenantId,
    username,
    password: secret,
  });
  const connect = (
    credentials: DynamicsCredentials = password('alice'),
    overrides: Partial<DynamicsConnectorConfig> = {},
    proxy?: CountingProxy,
  ): CrmConnector => {
    const connector = createDynamicsConnector(dynamicsConfigFor(dv, credentials, proxy, { clock, ...overrides }));
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
    clock = new ConformanceClock(Date.parse('2026-01-10T12:00:00Z'));
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
    expect(schema.entities.map((entity) => entity.name)).toEqual(['account', 'contact', 'annotation', 'customeraddress']);
    const ids = await control.seed('account', createConformanceRecordGenerator(1).accounts(30));
    const read = await readAll(alice, 'account', 7);
    expect(read.records.map((record) => record.id).sort()).toEqual([...ids].sort());
    expect(read.pages).toBe(5);
  });

  it('reads more than 5,000 records across nextLinks, and the delta link arrives only with the last page', async () => {
    const ids = await control.seed('account', createConformanceRecordGenerator(2).accounts(5_200));
    const alice = connect();
    const first = await alice.readPage({ entity: 'account', pageSize: 5_000 });
    expect(first.records).toHaveLength(5_000);
    expect(first.done).toBe(false);
    expect(decodeDynamicsAnchor(first.nextAnchor, 'account')).toMatchObject({ phase: 'full', next: expect.stringContaining('$skiptoken') });
    expect(decodeDynamicsAnchor(first.nextAnchor, 'account')).not.toHaveProperty('delta');
    // Resumed by another connector between the pages, the read loses nothing.
    const rest = await readAll(connect(), 'account', 5_000, first.nextAnchor);
    expect(rest.pages).toBe(1);
    expect(decodeDynamicsAnchor(rest.anchor, 'account')).toMatchObject({ phase: 'changes', delta: expect.stringContaining('$deltatoken') });
    expect(new Set([...first.records, ...rest.records].map((record) => record.id))).toEqual(new Set(ids));
    // @odata.count stops at 5,000: past it the keys are counted page by page.
    expect(await alice.count({ entity: 'account' })).toEqual({ matching: 5_200 });
  }, 120_000);

  it('reads a table without change tracking by versionnumber: a full read, then exactly the records changed since, filters still run on the server', async () => {
    await dv.close();
    dv = await startDataverseEmulator({ store, clock, changeTrackingDisabled: ['account'] });
    const ids = await control.seed('account', createConformanceRecordGenerator(21).accounts(12));
    const alice = connect();
    const first = await readAll(alice, 'account', 5);
    expect(first.records.map((record) => record.id).sort()).toEqual([...ids].sort());
    expect(decodeDynamicsAnchor(first.anchor as string, 'account').phase).toBe('versions');
    const nothing = await readAll(alice, 'account', 5, first.anchor);
    expect(nothing.records).toEqual([]);

    await control.update('account', ids[3], { name: 'Changed after the full read' });
    await control.update('account', ids[7], { name: 'Changed too' });
    const [added] = await control.seed('account', createConformanceRecordGenerator(22).accounts(1));
    // Pages of one: the version cursor goes on from the last row of each page.
    const changed = await readAll(alice, 'account', 1, first.anchor);
    expect(changed.records.map((record) => record.id)).toEqual([ids[3], ids[7], added]);
    expect(changed.records[0].fields['name']).toBe('Changed after the full read');
    expect(changed.removed).toEqual([]);

    // A filter runs on the server: a changed record that no longer matches is a removal for the filter.
    const filter = { kind: 'condition', field: 'name', operator: 'like', value: 'Changed%' } as const;
    const filtered = await alice.readPage({ entity: 'account', pageSize: 100, filter });
    expect(filtered.records.map((record) => record.id).sort()).toEqual([ids[3], ids[7]].sort());
    await control.update('account', ids[7], { name: 'No longer matching' });
    let next = filtered.nextAnchor;
    const later: CrmRecord[] = [];
    const gone: string[] = [];
    for (;;) {
      const page = await alice.readPage({ entity: 'account', pageSize: 100, filter, anchor: next });
      later.push(...page.records);
      gone.push(...page.removed.map((removal) => removal.id));
      next = page.nextAnchor;
      if (page.done) break;
    }
    expect(later).toEqual([]);
    expect(gone).toEqual([ids[7]]);
  });

  it('reports a record created and deleted since the anchor as a removal, never as a record', async () => {
    await control.seed('account', createConformanceRecordGenerator(3).accounts(3));
    const alice = connect();
    const full = await readAll(alice, 'account', 10);
    const [shortLived] = await control.seed('account', createConformanceRecordGenerator(4).accounts(1));
    await control.remove('account', shortLived);
    const changes = await readAll(alice, 'account', 10, full.anchor);
    expect(changes.records).toEqual([]);
    expect(changes.removed.filter((id) => id !== shortLived)).toEqual([]);
    const deletes = await alice.readDeletes({ entity: 'account', since: full.anchor as never });
    expect(deletes.deleted.map((entry) => entry.id)).toEqual([shortLived]);
  });

  it('pages the changes of a delta link (by nextLink, or by row version when the server sends them whole), losing nothing', async () => {
    const ids = await control.seed('account', createConformanceRecordGenerator(8).accounts(40));
    const alice = connect();
    const full = await readAll(alice, 'account', 50);
    for (const id of ids.slice(0, 20)) await control.update('account', id, { city: 'Changed' });
    for (const id of ids.slice(30, 35)) await control.remove('account', id);
    const first = await alice.readPage({ entity: 'account', anchor: full.anchor as never, pageSize: 7 });
    expect(first.records).toHaveLength(7);
    // A record already returned changes again while the read is between pages: it comes again, in this read or the next.
    await control.update('account', first.records[0].id, { city: 'Changed twice' });
    const rest = await readAll(connect(), 'account', 7, first.nextAnchor);
    expect(rest.pages).toBeGreaterThan(2);
    expect(new Set([...first.records, ...rest.records].map((record) => record.id))).toEqual(new Set(ids.slice(0, 20)));
    expect([...rest.removed].sort()).toEqual(ids.slice(30, 35).sort());
    const next = await readAll(alice, 'account', 7, rest.anchor);
    const records = [...first.records, ...rest.records, ...next.records];
    expect(records.filter((record) => record.id === first.records[0].id).at(-1)?.fields.city).toBe('Changed twice');
    expect((await readAll(alice, 'account', 7, next.anchor)).records).toEqual([]);
  });

  it('sends 1,001 creates as two $batch calls of 1,000 and 1', async () => {
    const alice = connect(password('alice'), { maxBatchSize: 2_000 });
    await alice.describe();
    const operations: WriteOperation[] = createConformanceRecordGenerator(5)
      .accounts(1_001)
      .map((fields) => ({ kind: 'create', entity: 'account', idempotencyKey: randomUUID(), fields }));
    const before = dv.requestCount();
    const results = await alice.writeBatch({ operations });
    expect(dv.requestCount() - before).toBe(2);
    expect(results.filter((result) => result.status === 'ok')).toHaveLength(1_001);
    expect(await control.countAll('account')).toBe(1_001);
  }, 120_000);

  it('lands a parent and its children together in one change set, or none of them', async () => {
    const alice = connect();
    const parent = randomUUID();
    const child = randomUUID();
    const good = await alice.writeBatch({
      operations: [
        { kind: 'create', entity: 'account', id: parent, idempotencyKey: randomUUID(), fields: { name: 'Parent' } },
        {
          kind: 'create',
          entity: 'contact',
          id: child,
          idempotencyKey: randomUUID(),
          fields: { fullname: 'Child', parentcustomerid: { entity: 'account', id: parent } },
        },
        { kind: 'create', entity: 'annotation', idempotencyKey: randomUUID(), fields: { subject: 'Grandchild', objectid: { entity: 'contact', id: child } } },
      ],
    });
    expect(good.map((result) => result.status)).toEqual(['ok', 'ok', 'ok']);
    expect((await control.get('contact', child))?.parentcustomerid).toMatchObject({ id: parent });

    const parent2 = randomUUID();
    const bad = await alice.writeBatch({
      operations: [
        { kind: 'create', entity: 'account', id: parent2, idempotencyKey: randomUUID(), fields: { name: 'Parent 2' } },
        {
          kind: 'create',
          entity: 'contact',
          idempotencyKey: randomUUID(),
          fields: { fullname: 'Bad child', birthdate: 'not a date', parentcustomerid: { entity: 'account', id: parent2 } },
        },
        { kind: 'create', entity: 'account', idempotencyKey: randomUUID(), fields: { name: 'Independent' } },
      ],
    });
    expect(bad.map((result) => result.status)).toEqual(['failed', 'failed', 'ok']);
    if (bad[0].status !== 'failed' || bad[1].status !== 'failed') throw new Error('unreachable');
    expect(bad[0].error).toMatchObject({ code: 'ROLLED_BACK', retryable: true });
    expect(bad[1].error.retryable).toBe(false);
    expect(await control.get('account', parent2)).toBeUndefined();
  });

  it('answers a stale ETag with a conflict carrying the server record, read after the 412', async () => {
    const [id] = await control.seed('account', createConformanceRecordGenerator(6).accounts(1));
    const alice = connect();
    const [seen] = (await readAll(alice, 'account', 10)).records;
    expect(seen.version).toMatch(/^W\/"\d+"$/);
    await control.update('account', id, { city: 'Server side' });
    const [result] = await alice.writeBatch({
      operations: [{ kind: 'update', entity: 'account', id, idempotencyKey: randomUUID(), fields: { city: 'Client side' }, baseVersion: seen.version }],
    });
    expect(result).toMatchObject({ status: 'conflict', id, serverRecord: { id, fields: { city: 'Server side' } } });
    if (result.status !== 'conflict') throw new Error('unreachable');
    expect(result.serverRecord.version).not.toBe(seen.version);
    expect((await control.get('account', id))?.city).toBe('Server side');
  });

  it('asks for a full resync when the delta token expired (0x80044352)', async () => {
    await control.seed('account', createConformanceRecordGenerator(7).accounts(2));
    const alice = connect();
    const full = await readAll(alice, 'account', 10);
    dv.expireChangeTokens();
    expect(await errorOf(alice.readPage({ entity: 'account', anchor: full.anchor as never, pageSize: 10 }))).toMatchObject({ code: 'FULL_RESYNC_REQUIRED' });
    expect(await errorOf(alice.readDeletes({ entity: 'account', since: full.anchor as never }))).toMatchObject({ code: 'FULL_RESYNC_REQUIRED' });
  });

  it('names the Azure AD error of a refused token request', async () => {
    const wrongSecret = connect({ kind: 'clientCredentials', clientId: 'fieldsync', clientSecret: 'nope', tenantId: dv.tenantId });
    expect(await errorOf(wrongSecret.signIn())).toMatchObject({ code: 'AUTH_FAILED', reason: 'AADSTS7000215' });
    const wrongPassword = connect(password('alice', 'nope'));
    expect(await errorOf(wrongPassword.signIn())).toMatchObject({ code: 'AUTH_FAILED', reason: 'AADSTS50126' });
    dv.faults.failTokenRequests(1, 700016);
    expect(await errorOf(connect().signIn())).toMatchObject({ code: 'AUTH_FAILED', reason: 'AADSTS700016' });
  });

  it('waits out a 429 for its Retry-After, then succeeds', async () => {
    const alice = connect();
    await alice.signIn();
    dv.faults.failNext(1, { status: 429, code: '0x80072322', retryAfterSeconds: 4 });
    expect((await alice.whoAmI()).userId).toBe(userIds.alice);
    // The emulator answered Retry-After: 4; the connector asked its clock for exactly that wait.
    expect(clock.waits()).toEqual([4_000]);
  });

  it('gets a fresh token once after a 401, and gives up with AuthExpiredError when the fresh one is refused too', async () => {
    const proxy = await proxied();
    const alice = connect(password('alice'), {}, proxy);
    await alice.signIn();
    proxy.resetCounters();
    dv.expireAccessTokens();
    expect((await alice.whoAmI()).userId).toBe(userIds.alice);
    expect(proxy.counters().sessionRefreshes).toBe(1);
    proxy.resetCounters();
    dv.expireAccessTokens();
    proxy.refuseTokens(1);
    expect(await errorOf(alice.whoAmI())).toMatchObject({ code: 'AUTH_EXPIRED' });
    expect(proxy.counters().sessionRefreshes).toBe(1);
  });

  it('renews a token about to expire through msal before using it, with one token request and no 401', async () => {
    await dv.close();
    dv = await startDataverseEmulator({ store, clock, accessTokenTtlMs: 61_000 });
    const proxy = await proxied();
    const alice = connect(password('alice'), {}, proxy);
    await alice.signIn();
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    proxy.resetCounters();
    const before = dv.requestCount();
    expect((await alice.whoAmI()).userId).toBe(userIds.alice);
    expect(proxy.counters().sessionRefreshes).toBe(1);
    expect(dv.requestCount() - before).toBe(2);
  });

  it('refuses an unknown entity set, an unknown attribute and a note attachment over the size limit by name, writing nothing', async () => {
    const alice = connect(password('alice'), { maxAttachmentBytes: 1_000 });
    expect(await errorOf(alice.readPage({ entity: 'no_such_entity', pageSize: 10 }))).toMatchObject({ code: 'UNKNOWN_ENTITY' });
    expect(await errorOf(alice.readPage({ entity: 'account', pageSize: 10, fields: ['no_such_field'] }))).toMatchObject({ code: 'UNKNOWN_FIELD' });
    expect(
      await errorOf(alice.readPage({ entity: 'account', pageSize: 10, filter: { kind: 'condition', field: 'no_such_field', operator: 'eq', value: 1 } })),
    ).toMatchObject({ code: 'INVALID_FILTER' });
    const [note] = await control.seed('annotation', [{ subject: 'Photo' }]);
    const upload = { fileName: 'big.bin', mimeType: 'application/octet-stream', body: Buffer.alloc(2_000, 7), idempotencyKey: randomUUID() };
    expect(await errorOf(alice.writeAttachment?.({ entity: 'annotation', id: note }, upload) ?? Promise.resolve())).toMatchObject({
      code: 'ATTACHMENT_TOO_LARGE',
    });
    async function* streamed(): AsyncIterable<Uint8Array> {
      for (let i = 0; i < 4; i++) yield Buffer.alloc(400, i);
    }
    expect(await errorOf(alice.writeAttachment?.({ entity: 'annotation', id: note }, { ...upload, body: streamed() }) ?? Promise.resolve())).toMatchObject({
      code: 'ATTACHMENT_TOO_LARGE',
    });
    expect((await control.get('annotation', note))?.filesize ?? null).toBeNull();
    const missing = randomUUID();
    expect(await errorOf(alice.readAttachment?.({ entity: 'annotation', id: missing }) ?? Promise.resolve())).toMatchObject({ code: 'ATTACHMENT_NOT_FOUND' });
    expect(
      await errorOf(alice.writeAttachment?.({ entity: 'annotation', id: missing }, { ...upload, body: Buffer.from('x') }) ?? Promise.resolve()),
    ).toMatchObject({ code: 'ATTACHMENT_NOT_FOUND' });
  });

  it('writes and reads a note attachment as a stream of base64-decoded bytes', async () => {
    const alice = connect();
    const [note] = await control.seed('annotation', [{ subject: 'Scan' }]);
    const bytes = Buffer.from(Array.from({ length: 300_001 }, (_, i) => (i * 7) % 256));
    async function* chunks(): AsyncIterable<Uint8Array> {
      for (let offset = 0; offset < bytes.length; offset += 65_536) yield bytes.subarray(offset, offset + 65_536);
    }
    const written = await alice.writeAttachment?.(
      { entity: 'annotation', id: note },
      { fileName: 'scan.bin', mimeType: 'application/octet-stream', body: chunks(), idempotencyKey: randomUUID() },
    );
    expect(written?.size).toBe(bytes.length);
    const read = await alice.readAttachment?.({ entity: 'annotation', id: note });
    const parts: Uint8Array[] = [];
    for await (const part of read?.body ?? []) parts.push(part);
    expect(parts.length).toBeGreaterThan(1);
    expect(Buffer.concat(parts).equals(bytes)).toBe(true);
  });
});
