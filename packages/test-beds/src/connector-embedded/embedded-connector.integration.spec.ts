import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RateLimitedError, type CrmConnector } from '@fieldsync/connector-api';
import { conformanceSchema, createConformanceRecordGenerator } from '@fieldsync/connector-testkit';
import { openCrmStore, type CrmStore, type ReadFullPage } from '@fieldsync/crm-store';
import { FieldsyncError, ManualClock, toAnchor } from '@fieldsync/model';
import { CONFORMANCE_PASSWORD, provisionConformanceOrg } from './provision-conformance-org';
import { createEmbeddedConnector, type EmbeddedTransport } from '@fieldsync/connector-embedded';

describe('embedded connector against a real store', () => {
  let dir: string;
  let store: CrmStore;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldsync-embedded-'));
    store = await openCrmStore({ file: path.join(dir, 'crm.sqlite'), clock: new ManualClock(Date.parse('2026-01-05T09:00:00Z')) });
    await store.applySchema(conformanceSchema);
    const { userIds } = await provisionConformanceOrg(store, conformanceSchema);
    await store.insertMany('account', createConformanceRecordGenerator(3).accounts(5), { ownerId: userIds.alice });
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const connect = (transport?: EmbeddedTransport): CrmConnector =>
    createEmbeddedConnector({ store, userName: 'alice', password: CONFORMANCE_PASSWORD, transport });

  async function rejection(promise: Promise<unknown>): Promise<FieldsyncError> {
    try {
      await promise;
    } catch (error) {
      return error as FieldsyncError;
    }
    throw new Error('expected a rejection');
  }

  it('refuses a malformed anchor with INVALID_ANCHOR naming it, before reading anything', async () => {
    const connector = connect();
    await connector.signIn();
    store.resetMetrics();
    const error = await rejection(connector.readPage({ entity: 'account', anchor: toAnchor('not-an-anchor!'), pageSize: 10 }));
    expect(error.code).toBe('INVALID_ANCHOR');
    expect(error.message).toContain('not-an-anchor!');
    expect(store.metrics().recordsSent).toBe(0);
  });

  it('refuses an anchor made for another entity in readPage, readDeletes and count', async () => {
    const connector = connect();
    const { nextAnchor } = await connector.readPage({ entity: 'account', pageSize: 100 });
    for (const call of [
      connector.readPage({ entity: 'contact', anchor: nextAnchor, pageSize: 10 }),
      connector.readDeletes({ entity: 'contact', since: nextAnchor }),
      connector.count({ entity: 'contact', since: nextAnchor }),
    ]) {
      expect((await rejection(call)).code).toBe('INVALID_ANCHOR');
    }
  });

  it('throws ContractViolationError when a page comes back larger than asked or with a broken record', async () => {
    const oversize: EmbeddedTransport = {
      async send(call, run) {
        const result = await run();
        if (call.operation !== 'readPage') return result;
        const raw = result as unknown as { start: number; page: ReadFullPage };
        return { ...raw, page: { ...raw.page, records: [...raw.page.records, ...raw.page.records] } } as unknown as typeof result;
      },
    };
    const tooLarge = await rejection(connect(oversize).readPage({ entity: 'account', pageSize: 3 }));
    expect(tooLarge.code).toBe('CONTRACT_VIOLATION');
    const broken: EmbeddedTransport = {
      async send(call, run) {
        const result = await run();
        if (call.operation !== 'readPage') return result;
        const raw = result as unknown as { start: number; page: ReadFullPage };
        const records = raw.page.records.map((record) => ({ ...record, id: '' }));
        return { ...raw, page: { ...raw.page, records } } as unknown as typeof result;
      },
    };
    expect((await rejection(connect(broken).readPage({ entity: 'account', pageSize: 10 }))).code).toBe('CONTRACT_VIOLATION');
  });

  it('answers a RateLimitedError without waiting when Retry-After exceeds maxRetryAfterMs', async () => {
    let refused = 0;
    const limited: EmbeddedTransport = {
      async send(call, run) {
        if (call.operation === 'signIn') return run();
        refused++;
        throw new RateLimitedError(600_000);
      },
    };
    const connector = createEmbeddedConnector({
      store,
      userName: 'alice',
      password: CONFORMANCE_PASSWORD,
      transport: limited,
      retry: { maxRetryAfterMs: 1_000 },
    });
    const error = await rejection(connector.whoAmI());
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.details.retryAfterMs).toBe(600_000);
    expect(refused).toBe(1);
  });

  it('is unusable after close', async () => {
    const connector = connect();
    await connector.close();
    expect((await rejection(connector.whoAmI())).code).toBe('CONNECTOR_CLOSED');
  });
});
