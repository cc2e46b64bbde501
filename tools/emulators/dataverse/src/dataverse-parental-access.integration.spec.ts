import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { PublicClientApplication } from '@azure/msal-node';
import { openCrmStore, type CrmStore } from '@fieldsync/crm-store';
import { DEMO_PASSWORD, generateDemoOrg, seedDemoOrg } from '@fieldsync/demo-org';
import { ManualClock } from '@fieldsync/model';
import { startDataverseEmulator, type DataverseEmulator } from './index';
import { UndiciNetworkClient } from './testing/undici-network-client';
import { WebApiClient } from './testing/web-api-client';

type Line = { quotedetailid: string; _quoteid_value: string };

describe('Dataverse emulator: quotedetail access is controlled by its quote (through undici and msal-node)', () => {
  let dir: string;
  let store: CrmStore;
  let dv: DataverseEmulator;
  let api: WebApiClient;
  let network: UndiciNetworkClient;
  const tokens = new Map<string, string>();
  const org = generateDemoOrg({ records: 600, seed: 7 });
  const userId = async (userName: string) => (await store.findUserByName(userName))!.id;
  const token = async (userName: string) => {
    if (!tokens.has(userName)) {
      const app = new PublicClientApplication({
        auth: {
          clientId: 'fieldsync',
          authority: dv.authority,
          knownAuthorities: [dv.knownAuthority],
          authorityMetadata: dv.authorityMetadata,
          cloudDiscoveryMetadata: dv.cloudDiscoveryMetadata,
        },
        system: { networkClient: network },
      });
      tokens.set(userName, (await app.acquireTokenByUsernamePassword({ username: userName, password: DEMO_PASSWORD, scopes: [dv.scope] }))!.accessToken);
    }
    return tokens.get(userName)!;
  };
  const quotesOf = async (userName: string) =>
    new Set(((await api.call('quotes?$select=quoteid', { token: await token(userName) })).json['value'] as { quoteid: string }[]).map((q) => q.quoteid));
  const linesOf = async (userName: string) =>
    (await api.call('quotedetails?$select=quotedetailid,_quoteid_value', { token: await token(userName) })).json['value'] as Line[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-dv-parental-'));
    store = await openCrmStore({ file: path.join(dir, 'crm.db'), clock: new ManualClock(Date.UTC(2026, 0, 10, 12)) });
    await seedDemoOrg(store, org);
    dv = await startDataverseEmulator({ store });
    api = new WebApiClient(dv.apiUrl, dv.ca);
    network = UndiciNetworkClient.trusting(dv.ca);
  });

  afterAll(async () => {
    await api.close();
    await network.close();
    await dv.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads and counts only the lines of quotes the user may read', async () => {
    const all = await linesOf('admin');
    const quotes = await quotesOf('bob');
    const expected = all
      .filter((line) => quotes.has(line._quoteid_value))
      .map((line) => line.quotedetailid)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    expect((await linesOf('bob')).map((line) => line.quotedetailid).sort()).toEqual(expected);
    const counted = await api.call('quotedetails?$select=quotedetailid&$count=true', { token: await token('bob') });
    expect(counted.json['@odata.count']).toBe(expected.length);
  });

  it("refuses bob's PATCH, DELETE and POST on alice's quote lines with 403, and her quote's total stays", async () => {
    const bobQuotes = await quotesOf('bob');
    const aliceQuotes = await quotesOf('alice');
    const line = (await linesOf('admin')).find((l) => aliceQuotes.has(l._quoteid_value) && !bobQuotes.has(l._quoteid_value))!;
    const before = await store.getAsSystem('quote', line._quoteid_value);
    const bob = await token('bob');
    expect((await api.call(`quotedetails(${line.quotedetailid})`, { method: 'PATCH', token: bob, body: { quantity: 999 } })).status).toBe(403);
    expect((await api.call(`quotedetails(${line.quotedetailid})`, { method: 'DELETE', token: bob })).status).toBe(403);
    const created = await api.call('quotedetails', {
      method: 'POST',
      token: bob,
      body: { quotedetailid: randomUUID(), quantity: 1, priceperunit: 5, 'quoteid@odata.bind': `/quotes(${line._quoteid_value})` },
    });
    expect(created.status).toBe(403);
    const after = await store.getAsSystem('quote', line._quoteid_value);
    expect(after?.fields['totalamount']).toBe(before?.fields['totalamount']);
    expect(after?.version).toBe(before?.version);
    expect(await store.getAsSystem('quotedetail', line.quotedetailid)).toBeDefined();

    // A share of the quote opens its lines for reading only, in RetrievePrincipalAccess too.
    await store.share('quote', line._quoteid_value, await userId('bob'));
    expect((await api.call(`quotedetails(${line.quotedetailid})?$select=quantity`, { token: bob })).status).toBe(200);
    const access = await api.call(
      `RetrievePrincipalAccess(Target=@t,Principal=@p)?@t=${encodeURIComponent(JSON.stringify({ '@odata.id': `quotedetails(${line.quotedetailid})` }))}&@p=${encodeURIComponent(JSON.stringify({ '@odata.type': 'Microsoft.Dynamics.CRM.systemuser', systemuserid: await userId('bob') }))}`,
      { token: await token('alice') },
    );
    expect(access.json['AccessRights']).toBe('ReadAccess');
    expect((await api.call(`quotedetails(${line.quotedetailid})`, { method: 'PATCH', token: bob, body: { quantity: 999 } })).status).toBe(403);
    await store.unshare('quote', line._quoteid_value, await userId('bob'));
  });

  it('reports the lines of a quote reassigned away from the user as removed in the next delta', async () => {
    const bob = await token('bob');
    const first = await api.call('quotedetails?$select=quotedetailid,_quoteid_value', { token: bob, headers: { Prefer: 'odata.track-changes' } });
    const deltaLink = first.json['@odata.deltaLink'] as string;
    const lines = first.json['value'] as Line[];
    const quote = lines[0]._quoteid_value;
    await store.assign('quote', quote, await userId('alice'));
    const delta = await api.call(deltaLink, { token: bob });
    const removed = (delta.json['value'] as { id?: string; reason?: string }[])
      .filter((entry) => entry.reason !== undefined)
      .map((entry) => entry.id)
      .sort();
    expect(removed).toEqual(
      lines
        .filter((line) => line._quoteid_value === quote)
        .map((line) => line.quotedetailid)
        .sort(),
    );
    expect((await linesOf('bob')).some((line) => line._quoteid_value === quote)).toBe(false);
  });
});
