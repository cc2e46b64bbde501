import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as jsforce from 'jsforce';
import { openCrmStore, type CrmStore } from '@fieldsync/crm-store';
import { generateDemoOrg, seedDemoOrg, DEMO_PASSWORD } from '@fieldsync/demo-org';
import { ManualClock } from '@fieldsync/model';
import { startSalesforceEmulator, type SalesforceEmulator } from './index';

delete process.env.http_proxy;
delete process.env.https_proxy;
delete process.env.HTTP_PROXY;
delete process.env.HTTPS_PROXY;

type Line = { Id: string; QuoteId: string };

describe('Salesforce emulator: QuoteLineItem access follows its Quote (through real jsforce)', () => {
  let dir: string;
  let store: CrmStore;
  let sf: SalesforceEmulator;
  const org = generateDemoOrg({ records: 600, seed: 7 });

  const connect = async (userName: string) => {
    const conn = new jsforce.Connection({ loginUrl: sf.loginUrl, version: sf.apiVersion });
    await conn.login(userName, DEMO_PASSWORD);
    return conn;
  };
  const readableQuotes = async (conn: jsforce.Connection) => new Set((await conn.query<{ Id: string }>('SELECT Id FROM Quote')).records.map((r) => r.Id));
  const allLines = async () => (await (await connect('admin')).query<Line>('SELECT Id, QuoteId FROM QuoteLineItem')).records;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-sf-parental-'));
    store = await openCrmStore({ file: path.join(dir, 'crm.db'), clock: new ManualClock(Date.UTC(2026, 0, 10, 12)) });
    await seedDemoOrg(store, org);
    sf = await startSalesforceEmulator({ store, sessionTtlMs: 3_600_000 });
  });

  afterAll(async () => {
    await sf.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads and counts only the lines of quotes the user may read', async () => {
    const bob = await connect('bob');
    const quotes = await readableQuotes(bob);
    const lines = await allLines();
    const expected = lines
      .filter((line) => quotes.has(line.QuoteId))
      .map((line) => line.Id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(lines.length);
    const read = await bob.query<Line>('SELECT Id, QuoteId FROM QuoteLineItem');
    expect(read.records.map((r) => r.Id).sort()).toEqual(expected);
    expect((await bob.query('SELECT COUNT() FROM QuoteLineItem')).totalSize).toBe(expected.length);
  });

  it("refuses bob's update and delete of alice's lines, keeps her quote's total, and answers UserRecordAccess by the quote", async () => {
    const alice = await connect('alice');
    const bob = await connect('bob');
    const aliceQuotes = await readableQuotes(alice);
    const bobQuotes = await readableQuotes(bob);
    const line = (await allLines()).find((l) => aliceQuotes.has(l.QuoteId) && !bobQuotes.has(l.QuoteId))!;
    const quoteBefore = await store.getAsSystem('quote', line.QuoteId);
    const refused = { errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY' };
    await expect(bob.sobject('QuoteLineItem').update({ Id: line.Id, Quantity__c: 999 } as never)).rejects.toMatchObject(refused);
    await expect(bob.sobject('QuoteLineItem').destroy(line.Id)).rejects.toMatchObject(refused);
    await expect(bob.sobject('QuoteLineItem').create({ QuoteId: line.QuoteId, Quantity__c: 1, Priceperunit__c: 5 } as never)).rejects.toMatchObject(refused);
    const quoteAfter = await store.getAsSystem('quote', line.QuoteId);
    expect(quoteAfter?.fields['totalamount']).toBe(quoteBefore?.fields['totalamount']);
    expect(quoteAfter?.version).toBe(quoteBefore?.version);
    expect(await store.getAsSystem('quotedetail', line.Id)).toBeDefined();

    const bobId = (await store.findUserByName('bob'))!.id;
    const own = (await allLines()).find((l) => bobQuotes.has(l.QuoteId))!;
    const access = await bob.query<{ RecordId: string; HasReadAccess: boolean; HasEditAccess: boolean; HasDeleteAccess: boolean }>(
      `SELECT RecordId, HasReadAccess, HasEditAccess, HasDeleteAccess FROM UserRecordAccess WHERE UserId = '${bobId}' AND RecordId IN ('${line.Id}', '${own.Id}')`,
    );
    expect(access.records.map((r) => [r.RecordId, r.HasReadAccess, r.HasEditAccess, r.HasDeleteAccess])).toEqual([
      [line.Id, false, false, false],
      [own.Id, true, true, true],
    ]);
    // A share of the quote lets bob read its lines, never edit them.
    await store.share('quote', line.QuoteId, bobId);
    const shared = await bob.query<{ HasReadAccess: boolean; HasEditAccess: boolean; HasDeleteAccess: boolean }>(
      `SELECT RecordId, HasReadAccess, HasEditAccess, HasDeleteAccess FROM UserRecordAccess WHERE UserId = '${bobId}' AND RecordId = '${line.Id}'`,
    );
    expect(shared.records[0]).toMatchObject({ HasReadAccess: true, HasEditAccess: false, HasDeleteAccess: false });
    expect((await bob.query<Line>(`SELECT Id FROM QuoteLineItem WHERE QuoteId = '${line.QuoteId}'`)).totalSize).toBeGreaterThan(0);
    await expect(bob.sobject('QuoteLineItem').update({ Id: line.Id, Quantity__c: 999 } as never)).rejects.toMatchObject(refused);
    await store.unshare('quote', line.QuoteId, bobId);
  });
});
