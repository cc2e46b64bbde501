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

const START = Date.UTC(2026, 0, 10, 12, 0, 0);

describe('Salesforce emulator through real jsforce', () => {
  let dir: string;
  let store: CrmStore;
  let clock: ManualClock;
  let sf: SalesforceEmulator;
  const org = generateDemoOrg({ records: 600, seed: 7 });

  const connect = async (userName: string) => {
    const conn = new jsforce.Connection({ loginUrl: sf.loginUrl, version: sf.apiVersion });
    await conn.login(userName, DEMO_PASSWORD);
    return conn;
  };
  const principalOf = async (userName: string) => store.principalOf((await store.findUserByName(userName))!.id);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-sf-emulator-'));
    clock = new ManualClock(START);
    store = await openCrmStore({ file: path.join(dir, 'crm.db'), clock });
    await seedDemoOrg(store, org);
    sf = await startSalesforceEmulator({ store, sessionTtlMs: 3_600_000 });
  });

  afterAll(async () => {
    await sf.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('sign-in', () => {
    it('signs in through SOAP login (jsforce without a client id) and reports the user and org ids', async () => {
      const conn = new jsforce.Connection({ loginUrl: sf.loginUrl, version: sf.apiVersion });
      const info = await conn.login('alice', DEMO_PASSWORD);
      expect(info.id).toBe((await store.findUserByName('alice'))!.id);
      expect(info.organizationId).toBe(sf.organizationId);
      expect(conn.instanceUrl).toBe(sf.url);
    });

    it('signs in with the OAuth password grant and answers the real token response shape', async () => {
      const conn = new jsforce.Connection({ oauth2: { loginUrl: sf.loginUrl, clientId: 'fieldsync', clientSecret: 'fieldsync-secret' }, version: sf.apiVersion });
      const info = await conn.login('bob', DEMO_PASSWORD);
      expect(info.id).toBe((await store.findUserByName('bob'))!.id);
      const response = await fetch(`${sf.url}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', client_id: 'fieldsync', client_secret: 'fieldsync-secret', username: 'bob', password: DEMO_PASSWORD }),
      });
      const body = (await response.json()) as Record<string, string>;
      expect(Object.keys(body).sort()).toEqual(['access_token', 'id', 'instance_url', 'issued_at', 'scope', 'signature', 'token_type']);
      expect(body.id).toBe(`${sf.url}/id/${sf.organizationId}/${info.id}`);
      expect(body.token_type).toBe('Bearer');
      expect(body.instance_url).toBe(sf.url);
    });

    it('refuses a wrong password with invalid_grant, and SOAP login with INVALID_LOGIN', async () => {
      const response = await fetch(`${sf.url}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', client_id: 'fieldsync', client_secret: 'fieldsync-secret', username: 'bob', password: 'nope' }),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'invalid_grant', error_description: 'authentication failure' });
      const conn = new jsforce.Connection({ loginUrl: sf.loginUrl, version: sf.apiVersion });
      await expect(conn.login('bob', 'nope')).rejects.toThrow(/INVALID_LOGIN/);
    });

    it('issues tokens for client credentials (the run-as user) and a JWT bearer assertion naming the user', async () => {
      const cc = await fetch(`${sf.url}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'fieldsync', client_secret: 'fieldsync-secret' }),
      });
      const ccBody = (await cc.json()) as Record<string, string>;
      expect(ccBody.id.endsWith(`/${(await store.findUserByName('admin'))!.id}`)).toBe(true);
      const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const assertion = `${segment({ alg: 'RS256' })}.${segment({ iss: 'fieldsync', sub: 'carol', aud: sf.loginUrl, exp: Math.floor(clock.now() / 1000) + 300 })}.c2ln`;
      const jwt = await fetch(`${sf.url}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
      });
      const jwtBody = (await jwt.json()) as Record<string, string>;
      expect(jwtBody.id.endsWith(`/${(await store.findUserByName('carol'))!.id}`)).toBe(true);
      const conn = new jsforce.Connection({ instanceUrl: jwtBody.instance_url, accessToken: jwtBody.access_token, version: sf.apiVersion });
      const result = await conn.query('SELECT COUNT() FROM Account');
      expect(result.totalSize).toBe((await store.count(await principalOf('carol'), { entity: 'account' })).matching);
    });

    it('answers 401 INVALID_SESSION_ID once the session expires', async () => {
      const response = await fetch(`${sf.url}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', client_id: 'fieldsync', client_secret: 'fieldsync-secret', username: 'alice', password: DEMO_PASSWORD }),
      });
      const { access_token: token } = (await response.json()) as Record<string, string>;
      const call = () => fetch(`${sf.url}/services/data/v59.0/limits`, { headers: { Authorization: `Bearer ${token}` } });
      expect((await call()).status).toBe(200);
      clock.advance(3_600_001);
      const expired = await call();
      expect(expired.status).toBe(401);
      expect(await expired.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    });
  });

  describe('query', () => {
    it('returns to each user exactly the accounts crm-store lets them read', async () => {
      for (const userName of ['alice', 'bob', 'carol', 'admin']) {
        const conn = await connect(userName);
        const result = await conn.query<{ Id: string }>('SELECT Id, Name FROM Account ORDER BY Name');
        const expected = await store.count(await principalOf(userName), { entity: 'account' });
        expect({ userName, count: result.totalSize }).toEqual({ userName, count: expected.matching });
        expect(result.records.length).toBe(result.totalSize);
      }
      const alice = await store.count(await principalOf('alice'), { entity: 'account' });
      const admin = await store.count(await principalOf('admin'), { entity: 'account' });
      expect(alice.matching).toBeGreaterThan(0);
      expect(alice.matching).toBeLessThan(admin.matching);
    });

    it('filters, orders and reads parent fields as the user sees them', async () => {
      const conn = await connect('admin');
      const result = await conn.query<{ Id: string; LastName: string; Account: { Name: string } | null; attributes: { type: string; url: string } }>(
        "SELECT Id, LastName, Account.Name FROM Contact WHERE Account.Name != null AND (LastName LIKE 'a%' OR LastName LIKE 'b%') ORDER BY LastName DESC, Id LIMIT 20",
      );
      expect(result.records.length).toBeGreaterThan(0);
      for (const record of result.records) {
        expect(record.attributes.type).toBe('Contact');
        expect(record.attributes.url).toBe(`/services/data/v59.0/sobjects/Contact/${record.Id}`);
        const stored = await store.getAsSystem('contact', record.Id);
        const accountId = (stored!.fields.parentcustomerid as { id: string }).id;
        const account = await store.getAsSystem('account', accountId);
        expect(record.Account!.Name).toBe(account!.fields.name);
        expect(record.LastName.toLowerCase()).toMatch(/^[ab]/);
      }
      const names = result.records.map((r) => r.LastName.toLowerCase());
      expect([...names].sort().reverse()).toEqual(names);
    });

    it('answers MALFORMED_QUERY, INVALID_FIELD and INVALID_TYPE as Salesforce does', async () => {
      const conn = await connect('alice');
      await expect(conn.query('SELECT Id FROM Account WHERE')).rejects.toMatchObject({ errorCode: 'MALFORMED_QUERY' });
      await expect(conn.query('SELECT Id, Nope__c FROM Account')).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
      await expect(conn.query('SELECT Id FROM Nothing__c')).rejects.toMatchObject({ errorCode: 'INVALID_TYPE' });
      await expect(conn.query("SELECT Id FROM Account WHERE CreatedDate > '2026-01-01'")).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
    });

    it('pages 2,000 records at a time with locators that hold odd characters, and honours batchSize', async () => {
      const alice = await store.findUserByName('alice');
      await store.insertMany('account', Array.from({ length: 4500 }, (_, i) => ({ name: `Bulk ${String(i).padStart(5, '0')}` })), { ownerId: alice!.id });
      const conn = await connect('alice');
      const expected = (await store.count(await principalOf('alice'), { entity: 'account' })).matching;
      const first = await conn.query<{ Id: string }>('SELECT Id FROM Account', { autoFetch: false });
      expect(first.totalSize).toBe(expected);
      expect(first.records.length).toBe(2000);
      expect(first.done).toBe(false);
      expect(first.nextRecordsUrl).toMatch(/\/services\/data\/v59\.0\/query\/01g[^/]*%2B[^/]*%3D-2000$/);
      const ids = new Set(first.records.map((r) => r.Id));
      let page = first;
      while (!page.done) {
        page = await conn.queryMore<{ Id: string }>(page.nextRecordsUrl!);
        for (const r of page.records) ids.add(r.Id);
      }
      expect(ids.size).toBe(expected);
      const small = (await conn.request({
        method: 'GET',
        url: `/services/data/v59.0/query?q=${encodeURIComponent('SELECT Id FROM Account')}`,
        headers: { 'Sforce-Query-Options': 'batchSize=200' },
      })) as { records: unknown[]; nextRecordsUrl: string };
      expect(small.records.length).toBe(200);
      expect(small.nextRecordsUrl).toMatch(/^\/services\/data\/v59\.0\/query\/01g[^/]*%2B[^/]*%3D-200$/);
    });

    it('answers INVALID_QUERY_LOCATOR for a locator unused for longer than 15 minutes', async () => {
      const conn = await connect('admin');
      const first = await conn.query('SELECT Id FROM Account', { autoFetch: false });
      clock.advance(15 * 60_000 + 1);
      await expect(conn.queryMore(first.nextRecordsUrl!)).rejects.toMatchObject({ errorCode: 'INVALID_QUERY_LOCATOR' });
    });

    it('includes deleted records with IsDeleted = true in queryAll only', async () => {
      const conn = await connect('alice');
      const created = await conn.sobject('Account').create({ Name: 'Soon gone' });
      await conn.sobject('Account').destroy(created.id!);
      const live = await conn.query<{ Id: string }>(`SELECT Id FROM Account WHERE Id = '${created.id}'`);
      expect(live.totalSize).toBe(0);
      const all = await conn.query<{ Id: string; IsDeleted: boolean }>(`SELECT Id, IsDeleted FROM Account WHERE IsDeleted = true`, { scanAll: true });
      expect(all.records).toEqual([expect.objectContaining({ Id: created.id, IsDeleted: true })]);
    });
  });
});
