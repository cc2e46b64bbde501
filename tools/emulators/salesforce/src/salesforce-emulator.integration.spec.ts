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
    clock = new ManualClock(START, { spendDelaysAtOnce: true });
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
      const conn = new jsforce.Connection({
        oauth2: { loginUrl: sf.loginUrl, clientId: 'fieldsync', clientSecret: 'fieldsync-secret' },
        version: sf.apiVersion,
      });
      const info = await conn.login('bob', DEMO_PASSWORD);
      expect(info.id).toBe((await store.findUserByName('bob'))!.id);
      const response = await fetch(`${sf.url}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: 'fieldsync',
          client_secret: 'fieldsync-secret',
          username: 'bob',
          password: DEMO_PASSWORD,
        }),
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
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: 'fieldsync',
          client_secret: 'fieldsync-secret',
          username: 'alice',
          password: DEMO_PASSWORD,
        }),
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

    it('answers UserRecordAccess from crm-store sharing: read as the store reads, edit only within the role depth', async () => {
      const aliceId = (await store.findUserByName('alice'))!.id;
      const adminConn = await connect('admin');
      const all = await adminConn.query<{ Id: string; OwnerId: string }>('SELECT Id, OwnerId FROM Account ORDER BY Id LIMIT 200');
      const conn = await connect('alice');
      const readable = new Set((await conn.query<{ Id: string }>('SELECT Id FROM Account')).records.map((r) => r.Id));
      const ids = all.records.map((r) => `'${r.Id}'`).join(', ');
      const access = await conn.query<{ RecordId: string; HasReadAccess: boolean; HasEditAccess: boolean; MaxAccessLevel: string }>(
        `SELECT RecordId, HasReadAccess, HasEditAccess, MaxAccessLevel FROM UserRecordAccess WHERE UserId = '${aliceId}' AND RecordId IN (${ids})`,
      );
      expect(access.totalSize).toBe(all.records.length);
      for (const [index, row] of access.records.entries()) {
        const owner = all.records[index].OwnerId;
        expect({ id: row.RecordId, read: row.HasReadAccess, edit: row.HasEditAccess }).toEqual({
          id: all.records[index].Id,
          read: readable.has(row.RecordId),
          edit: owner === aliceId,
        });
      }
      expect(access.records.some((r) => r.HasReadAccess && !r.HasEditAccess && r.MaxAccessLevel === 'Read')).toBe(true);
      expect(access.records.some((r) => !r.HasReadAccess && r.MaxAccessLevel === 'None')).toBe(true);
      await expect(conn.query('SELECT RecordId FROM UserRecordAccess')).rejects.toMatchObject({ errorCode: 'MALFORMED_QUERY' });
    });

    it("answers PermissionSet, PermissionSetAssignment and ObjectPermissions from crm-store roles and privileges, every user's only with View Setup", async () => {
      type Flags = {
        SobjectType: string;
        PermissionsRead: boolean;
        PermissionsEdit: boolean;
        PermissionsViewAllRecords: boolean;
        PermissionsModifyAllRecords: boolean;
      };
      const flagsOf = async (userName: string) => {
        const conn = await connect(userName);
        const userId = (await store.findUserByName(userName))!.id;
        const sets = await conn.query<{ PermissionSetId: string }>(`SELECT PermissionSetId FROM PermissionSetAssignment WHERE AssigneeId = '${userId}'`);
        const ids = sets.records.map((record) => `'${record.PermissionSetId}'`).join(', ');
        const named = await conn.query<{ Label: string; IsOwnedByProfile: boolean }>(
          `SELECT Label, IsOwnedByProfile FROM PermissionSet WHERE Id IN (${ids}) ORDER BY Label`,
        );
        const rows = await conn.query<Flags>(
          `SELECT SobjectType, PermissionsRead, PermissionsEdit, PermissionsViewAllRecords, PermissionsModifyAllRecords FROM ObjectPermissions WHERE ParentId IN (${ids}) ORDER BY SobjectType`,
        );
        return { userId, rows: rows.records, roles: named.records.filter((record) => !record.IsOwnedByProfile).map((record) => record.Label), conn };
      };
      const admin = await flagsOf('admin');
      const account = (rows: Flags[]) => rows.find((row) => row.SobjectType === 'Account');
      expect(account(admin.rows)).toMatchObject({
        PermissionsRead: true,
        PermissionsEdit: true,
        PermissionsViewAllRecords: true,
        PermissionsModifyAllRecords: true,
      });
      expect(admin.roles).toEqual([...(await store.roleNamesOf(admin.userId))].sort());
      const alice = await flagsOf('alice');
      expect(alice.roles).toEqual([...(await store.roleNamesOf(alice.userId))].sort());
      expect(alice.roles.length).toBeGreaterThan(0);
      const alicePrivileges = (await store.permissions(await principalOf('alice'))).entities.account;
      expect(account(alice.rows)).toMatchObject({
        PermissionsRead: alicePrivileges.read !== 'none',
        PermissionsEdit: alicePrivileges.write !== 'none',
        PermissionsViewAllRecords: alicePrivileges.read === 'organization',
      });
      expect(alice.rows.map((row) => row.SobjectType)).toEqual([...alice.rows.map((row) => row.SobjectType)].sort());
      // Another user's assignments: only with View Setup (the System Administrator role).
      expect((await alice.conn.query(`SELECT PermissionSetId FROM PermissionSetAssignment WHERE AssigneeId = '${admin.userId}'`)).totalSize).toBe(0);
      expect((await admin.conn.query(`SELECT PermissionSetId FROM PermissionSetAssignment WHERE AssigneeId = '${alice.userId}'`)).totalSize).toBe(
        alice.roles.length + 1,
      );
      await expect(alice.conn.query('SELECT Nope FROM ObjectPermissions')).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
    });

    it('compares SystemModstamp to the second, reads only recent rows from the store for a lower bound, and serves the (SystemModstamp, Id) cursor', async () => {
      clock.advance(3_600_000);
      const t = Math.floor(clock.now() / 1000) * 1000 + 1000;
      const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
      const conn = await connect('admin');
      const ids: string[] = [];
      clock.set(t + 400);
      for (const name of ['Same second 1', 'Same second 2', 'Same second 3']) ids.push((await conn.sobject('Account').create({ Name: name })).id!);
      clock.set(t + 2500);
      const later = (await conn.sobject('Account').create({ Name: 'Later' })).id!;
      clock.advance(60_000);
      store.resetMetrics();
      const since = await conn.query<{ Id: string; SystemModstamp: string }>(
        `SELECT Id, SystemModstamp FROM Account WHERE SystemModstamp >= ${iso(t)} ORDER BY SystemModstamp, Id`,
      );
      expect(store.metrics().recordsSent).toBe(4);
      expect(since.records.map((r) => r.Id)).toEqual([...[...ids].sort(), later]);
      expect(since.records[0].SystemModstamp).toBe(new Date(t).toISOString().replace('Z', '+0000'));
      const after = await conn.query<{ Id: string }>(`SELECT Id FROM Account WHERE SystemModstamp > ${iso(t)}`);
      expect(after.records.map((r) => r.Id)).toEqual([later]);
      const sorted = [...ids].sort();
      const cursor = await conn.query<{ Id: string }>(
        `SELECT Id FROM Account WHERE (SystemModstamp = ${iso(t)} AND Id > '${sorted[0]}') OR SystemModstamp > ${iso(t)} ORDER BY SystemModstamp, Id`,
      );
      expect(cursor.records.map((r) => r.Id)).toEqual([sorted[1], sorted[2], later]);
    });

    it('answers User queries from crm-store users, with the business unit as UserRoleId', async () => {
      const alice = (await store.findUserByName('alice'))!;
      const conn = await connect('bob');
      const result = await conn.query<{ Id: string; Username: string; Name: string; IsActive: boolean; UserRoleId: string }>(
        `SELECT Id, Username, Name, IsActive, UserRoleId FROM User WHERE Id = '${alice.id}'`,
      );
      expect(result.records).toEqual([
        {
          attributes: { type: 'User', url: `/services/data/v59.0/sobjects/User/${alice.id}` },
          Id: alice.id,
          Username: 'alice',
          Name: alice.fullName,
          IsActive: true,
          UserRoleId: alice.businessUnitId,
        },
      ]);
      expect((await conn.query('SELECT Id FROM User ORDER BY Username')).totalSize).toBe((await store.listUsers()).length);
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
      await store.insertMany(
        'account',
        Array.from({ length: 4500 }, (_, i) => ({ name: `Bulk ${String(i).padStart(5, '0')}` })),
        { ownerId: alice!.id },
      );
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

    it('keeps ten open locators per user and invalidates the oldest past that', async () => {
      const conn = await connect('admin');
      const firsts = [];
      for (let i = 0; i < 11; i++) firsts.push(await conn.query('SELECT Id FROM Account', { autoFetch: false }));
      await expect(conn.queryMore(firsts[0].nextRecordsUrl!)).rejects.toMatchObject({ errorCode: 'INVALID_QUERY_LOCATOR' });
      const second = await conn.queryMore(firsts[1].nextRecordsUrl!);
      expect(second.records.length).toBeGreaterThan(0);
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

  describe('describe', () => {
    it("lists the sObjects and describes fields with the user's privileges and field-level security", async () => {
      const profile = await store.createFieldSecurityProfile({ name: 'Revenue', fields: { account: { revenue: { read: true, create: true, update: true } } } });
      await store.addFieldSecurityProfileMember(profile, (await store.findUserByName('admin'))!.id);
      const adminConn = await connect('admin');
      const global = await adminConn.describeGlobal();
      expect(global.sobjects.map((s) => s.name)).toEqual(
        expect.arrayContaining(['Account', 'Contact', 'Opportunity', 'Quote', 'QuoteLineItem', 'Task', 'Event', 'EmailMessage', 'Note']),
      );
      const account = await adminConn.sobject('Account').describe();
      expect(account).toMatchObject({ name: 'Account', keyPrefix: '001', queryable: true, replicateable: true });
      const field = (name: string) => account.fields.find((f) => f.name === name);
      expect(field('Id')).toMatchObject({ type: 'id', createable: false, updateable: false, idLookup: true });
      expect(field('Name')).toMatchObject({ type: 'string', length: 160, nillable: false, createable: true, updateable: true });
      expect(field('ParentId')).toMatchObject({ type: 'reference', referenceTo: ['Account'], relationshipName: 'Parent' });
      expect(field('OwnerId')).toMatchObject({ type: 'reference', referenceTo: ['User', 'Group'], relationshipName: 'Owner' });
      expect(field('SystemModstamp')).toMatchObject({ type: 'datetime', createable: false, updateable: false });
      expect(field('IsDeleted')).toMatchObject({ type: 'boolean' });
      expect(field('Fieldsync_Id__c')).toMatchObject({ externalId: true, idLookup: true, unique: true, createable: true, updateable: false });
      expect(field('Address1_city__c')).toMatchObject({ type: 'string', custom: true });
      expect(field('AnnualRevenue')).toMatchObject({ type: 'currency', permissionable: true });
      const aliceConn = await connect('alice');
      const aliceAccount = await aliceConn.sobject('Account').describe();
      expect(aliceAccount.fields.some((f) => f.name === 'AnnualRevenue')).toBe(false);
      await expect(aliceConn.query('SELECT Id, AnnualRevenue FROM Account')).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
      const revenue = await adminConn.query<{ AnnualRevenue: number | null }>('SELECT AnnualRevenue FROM Account WHERE AnnualRevenue > 0 LIMIT 1');
      expect(typeof revenue.records[0].AnnualRevenue).toBe('number');
    });
  });

  describe('updated and deleted', () => {
    it('lists ids changed in a window (both path forms) and deletes with the recycle-bin dates', async () => {
      const conn = await connect('bob');
      clock.advance(5 * 60_000);
      const start = new Date(clock.now());
      clock.advance(60_000);
      const created = await conn.sobject('Contact').create({ LastName: 'Window' });
      const doomed = await conn.sobject('Contact').create({ LastName: 'Doomed' });
      await conn.sobject('Contact').destroy(doomed.id!);
      clock.advance(2 * 60_000);
      const end = new Date(clock.now());
      const updated = await conn.sobject('Contact').updated(start, end);
      expect(updated.ids).toEqual([created.id]);
      expect(updated.latestDateCovered).toBe(new Date(Math.floor(end.getTime() / 60_000) * 60_000).toISOString().replace('Z', '+0000'));
      const deleted = await conn.sobject('Contact').deleted(start, end);
      expect(deleted.deletedRecords.map((d) => d.id)).toEqual([doomed.id]);
      expect(deleted.earliestDateAvailable).toBe(new Date(Math.floor((clock.now() - 15 * 86_400_000) / 60_000) * 60_000).toISOString().replace('Z', '+0000'));
      const slash = (await conn.request(
        `/services/data/v59.0/sobjects/Contact/updated/?start=${encodeURIComponent(start.toISOString())}&end=${encodeURIComponent(end.toISOString())}`,
      )) as { ids: string[] };
      expect(slash.ids).toEqual([created.id]);
      await expect(conn.sobject('Contact').updated(new Date(clock.now() - 31 * 86_400_000), end)).rejects.toMatchObject({
        errorCode: 'INVALID_REPLICATION_DATE',
      });
      sf.emptyRecycleBin();
      const afterEmpty = await conn.sobject('Contact').deleted(start, new Date(clock.now() + 60_000));
      expect(afterEmpty.deletedRecords).toEqual([]);
      expect(Date.parse(afterEmpty.earliestDateAvailable.replace('+0000', 'Z'))).toBeGreaterThan(start.getTime());
    });
  });

  describe('writes', () => {
    it('creates records through sObject Collections and answers per-record results', async () => {
      const conn = await connect('carol');
      const results = await conn.sobject('Account').create([{ Name: 'One' }, { Name: 'Two' }, { Name: null }], { allOrNone: false });
      expect(results.map((r) => r.success)).toEqual([true, true, false]);
      expect((results[2] as { errors: { statusCode: string }[] }).errors[0].statusCode).toBe('REQUIRED_FIELD_MISSING');
      const stored = await store.getAsSystem('account', results[0].id!);
      expect(stored!.fields.name).toBe('One');
      expect((stored!.fields.ownerid as { id: string }).id).toBe((await store.findUserByName('carol'))!.id);
    });

    it('rolls everything back with allOrNone: nothing is written', async () => {
      const conn = await connect('carol');
      const before = (await store.count(await principalOf('carol'), { entity: 'account' })).matching;
      const results = await conn.sobject('Account').create([{ Name: 'Kept?' }, { Name: 'Kept too?' }, { Name: 'x'.repeat(200) }], { allOrNone: true });
      expect(results.map((r) => r.success)).toEqual([false, false, false]);
      const codes = results.map((r) => (r as { errors: { statusCode: string }[] }).errors[0].statusCode);
      expect(codes).toEqual(['ALL_OR_NONE_OPERATION_ROLLED_BACK', 'ALL_OR_NONE_OPERATION_ROLLED_BACK', 'STRING_TOO_LONG']);
      expect((await store.count(await principalOf('carol'), { entity: 'account' })).matching).toBe(before);
      const stale = await conn.sobject('Account').create([{ Name: 'A' }, { Name: 'B', ParentId: 'no-such-account' }], { allOrNone: true });
      expect(stale.map((r) => (r as { errors: { statusCode: string }[] }).errors[0].statusCode)).toEqual([
        'ALL_OR_NONE_OPERATION_ROLLED_BACK',
        'INVALID_CROSS_REFERENCE_KEY',
      ]);
      expect((await store.count(await principalOf('carol'), { entity: 'account' })).matching).toBe(before);
    });

    it('refuses 201 records in one call with EXCEEDED_ID_LIMIT and writes none', async () => {
      const conn = await connect('carol');
      const before = (await store.count(await principalOf('carol'), { entity: 'account' })).matching;
      const records = Array.from({ length: 201 }, (_, i) => ({ Name: `Too many ${i}` }));
      await expect(conn.sobject('Account').create(records)).rejects.toMatchObject({ errorCode: 'EXCEEDED_ID_LIMIT' });
      expect((await store.count(await principalOf('carol'), { entity: 'account' })).matching).toBe(before);
    });

    it('upserts by the external id: a repeated create makes no duplicate', async () => {
      const conn = await connect('carol');
      const key = 'c0ffee00-0000-4000-8000-000000000001';
      const first = await conn.sobject('Account').upsert([{ Fieldsync_Id__c: key, Name: 'Idempotent' }], 'Fieldsync_Id__c');
      const second = await conn.sobject('Account').upsert([{ Fieldsync_Id__c: key, Name: 'Idempotent again' }], 'Fieldsync_Id__c');
      expect(first[0]).toMatchObject({ id: key, success: true, created: true });
      expect(second[0]).toMatchObject({ id: key, success: true, created: false });
      const found = await conn.query<{ Name: string }>(`SELECT Name FROM Account WHERE Fieldsync_Id__c = '${key}'`);
      expect(found.records).toEqual([expect.objectContaining({ Name: 'Idempotent again' })]);
      const single = await conn.sobject('Account').upsert({ Fieldsync_Id__c: key, Name: 'Single' }, 'Fieldsync_Id__c');
      expect(single).toMatchObject({ success: true });
      expect((await store.getAsSystem('account', key))!.fields.name).toBe('Single');
    });

    it('updates and deletes through collections, and refuses what the user may not touch', async () => {
      const carol = await connect('carol');
      const [a, b] = await carol.sobject('Account').create([{ Name: 'Upd A' }, { Name: 'Upd B' }]);
      const updated = await carol.sobject('Account').update([
        { Id: a.id!, Name: 'Upd A2' },
        { Id: b.id!, SystemModstamp: '2026-01-01T00:00:00Z' },
      ]);
      expect(updated.map((r) => r.success)).toEqual([true, false]);
      expect((updated[1] as { errors: { statusCode: string }[] }).errors[0].statusCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
      expect((await store.getAsSystem('account', a.id!))!.fields.name).toBe('Upd A2');
      const alice = await connect('alice');
      const denied = await alice.sobject('Account').destroy([a.id!]);
      expect(denied[0].success).toBe(false);
      expect(await store.getAsSystem('account', a.id!)).toBeDefined();
      const removed = await carol.sobject('Account').destroy([a.id!, b.id!]);
      expect(removed.map((r) => r.success)).toEqual([true, true]);
      expect(await store.getAsSystem('account', a.id!)).toBeUndefined();
    });

    it('stores a base64 Body with a single-record write and streams it back, whole or by Range', async () => {
      const conn = await connect('admin');
      const content = Buffer.from('Hello, attachment body! '.repeat(1000));
      const created = await conn
        .sobject('Note')
        .create({ Subject: 'Doc', Filename__c: 'hello.txt', Mimetype__c: 'text/plain', Body: content.toString('base64') });
      const queried = await conn.query<{ Body: string }>(`SELECT Id, Body FROM Note WHERE Id = '${created.id}'`);
      expect(queried.records[0].Body).toBe(`/services/data/v59.0/sobjects/Note/${created.id}/Body`);
      const whole = await fetch(`${sf.url}${queried.records[0].Body}`, { headers: { Authorization: `Bearer ${conn.accessToken}` } });
      expect(whole.status).toBe(200);
      expect(whole.headers.get('content-type')).toBe('text/plain');
      expect(Buffer.from(await whole.arrayBuffer()).equals(content)).toBe(true);
      const part = await fetch(`${sf.url}${queried.records[0].Body}`, { headers: { Authorization: `Bearer ${conn.accessToken}`, Range: 'bytes=7-16' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 7-16/${content.length}`);
      expect(Buffer.from(await part.arrayBuffer()).toString()).toBe('attachment');
      const replaced = Buffer.from('second version');
      await conn.sobject('Note').update({ Id: created.id!, Body: replaced.toString('base64') });
      const again = await fetch(`${sf.url}${queried.records[0].Body}`, { headers: { Authorization: `Bearer ${conn.accessToken}` } });
      expect(Buffer.from(await again.arrayBuffer()).toString()).toBe('second version');
      const inCollection = await conn.sobject('Note').create([{ Subject: 'No', Body: replaced.toString('base64') }]);
      expect((inCollection[0] as { errors: { statusCode: string }[] }).errors[0].statusCode).toBe('INVALID_FIELD');
    });

    it('answers 412 to a stale conditional update (If-Match and If-Unmodified-Since) and writes nothing', async () => {
      const conn = await connect('carol');
      const created = await conn.sobject('Account').create({ Name: 'Versioned' });
      const url = `/services/data/v59.0/sobjects/Account/${created.id}`;
      const raw = async (method: string, headers: Record<string, string>, body?: unknown) =>
        fetch(`${sf.url}${url}`, {
          method,
          headers: { Authorization: `Bearer ${conn.accessToken}`, 'Content-Type': 'application/json', ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      const got = await raw('GET', {});
      const etag = got.headers.get('etag')!;
      const lastModified = got.headers.get('last-modified')!;
      expect((await raw('PATCH', { 'If-Match': etag }, { Name: 'First' })).status).toBe(204);
      const stale = await raw('PATCH', { 'If-Match': etag }, { Name: 'Stale' });
      expect(stale.status).toBe(412);
      expect(((await stale.json()) as { errorCode: string }[])[0].errorCode).toBe('PRECONDITION_FAILED');
      expect(stale.headers.get('etag')).not.toBe(etag);
      clock.advance(5000);
      await store.updateAsSystem('account', created.id!, { name: 'Server side' });
      const staleDate = await raw('PATCH', { 'If-Unmodified-Since': lastModified }, { Name: 'Stale again' });
      expect(staleDate.status).toBe(412);
      expect((await store.getAsSystem('account', created.id!))!.fields.name).toBe('Server side');
      const fresh = await raw('PATCH', { 'If-Unmodified-Since': new Date(clock.now() + 1000).toUTCString() }, { Name: 'Fresh' });
      expect(fresh.status).toBe(204);
      expect((await store.getAsSystem('account', created.id!))!.fields.name).toBe('Fresh');
    });
  });

  describe('limits and faults', () => {
    it('reports api usage on every response (jsforce limitInfo) and in /limits, and refuses past the daily limit', async () => {
      const conn = await connect('alice');
      await conn.query('SELECT Id FROM Account LIMIT 1');
      const used = sf.apiUsage().used;
      expect(conn.limitInfo.apiUsage).toEqual({ used, limit: 100_000 });
      const limits = (await conn.request('/services/data/v59.0/limits')) as { DailyApiRequests: { Max: number; Remaining: number } };
      expect(limits.DailyApiRequests).toEqual({ Max: 100_000, Remaining: 100_000 - used - 1 });
      sf.setApiUsage(100_000);
      await expect(conn.query('SELECT Id FROM Account LIMIT 1')).rejects.toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED' });
      sf.setApiUsage(used);
    });

    it('fails, rate-limits, slows and drops requests on demand; jsforce retries GETs through them', async () => {
      const conn = await connect('alice');
      sf.faults.failNext(2, 503);
      const retried = await conn.query('SELECT COUNT() FROM Account');
      expect(retried.totalSize).toBeGreaterThan(0);
      sf.faults.rateLimitNext(1);
      const limited = await fetch(`${sf.url}/services/data/v59.0/limits`, { headers: { Authorization: `Bearer ${conn.accessToken}` } });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('1');
      sf.faults.rateLimitNext(1, 7);
      expect(
        (await fetch(`${sf.url}/services/data/v59.0/limits`, { headers: { Authorization: `Bearer ${conn.accessToken}` } })).headers.get('retry-after'),
      ).toBe('7');
      // A slowed answer is late on the emulator's clock, which the test's ManualClock (spendDelaysAtOnce) spends at once.
      sf.faults.slowNext(300);
      const before = clock.now();
      await conn.query('SELECT COUNT() FROM Account');
      expect(clock.now() - before).toBe(300);
      sf.faults.dropNextConnection();
      await expect(fetch(`${sf.url}/services/data/v59.0/limits`, { headers: { Authorization: `Bearer ${conn.accessToken}` } })).rejects.toThrow();
      sf.faults.failNext(1);
      await expect(conn.sobject('Account').create({ Name: 'Not retried' })).rejects.toMatchObject({ errorCode: 'UNKNOWN_EXCEPTION' });
    });

    it('lets jsforce re-login once a password session expires', async () => {
      const conn = await connect('bob');
      sf.expireSessions();
      const result = await conn.query('SELECT COUNT() FROM Account');
      expect(result.totalSize).toBe((await store.count(await principalOf('bob'), { entity: 'account' })).matching);
    });
  });
});
