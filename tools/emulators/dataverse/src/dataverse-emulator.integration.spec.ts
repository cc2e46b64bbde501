import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ConfidentialClientApplication, PublicClientApplication } from '@azure/msal-node';
import { openCrmStore, type CrmStore } from '@fieldsync/crm-store';
import { DEMO_PASSWORD, generateDemoOrg, seedDemoOrg } from '@fieldsync/demo-org';
import { ManualClock } from '@fieldsync/model';
import { startDataverseEmulator, type DataverseEmulator } from './index';
import { UndiciNetworkClient } from './testing/undici-network-client';
import { WebApiClient } from './testing/web-api-client';

const START = Date.UTC(2026, 0, 10, 12, 0, 0);

describe('Dataverse emulator through real msal-node and undici', () => {
  let dir: string;
  let store: CrmStore;
  let clock: ManualClock;
  let dv: DataverseEmulator;
  let api: WebApiClient;
  let network: UndiciNetworkClient;
  let adminToken: string;
  let aliceToken: string;
  const org = generateDemoOrg({ records: 300, seed: 11 });

  const msalConfidential = (clientSecret = 'fieldsync-secret') =>
    new ConfidentialClientApplication({
      auth: {
        clientId: 'fieldsync',
        clientSecret,
        authority: dv.authority,
        knownAuthorities: [dv.knownAuthority],
        authorityMetadata: dv.authorityMetadata,
        cloudDiscoveryMetadata: dv.cloudDiscoveryMetadata,
      },
      system: { networkClient: network },
    });
  const msalPublic = () =>
    new PublicClientApplication({
      auth: {
        clientId: 'fieldsync',
        authority: dv.authority,
        knownAuthorities: [dv.knownAuthority],
        authorityMetadata: dv.authorityMetadata,
        cloudDiscoveryMetadata: dv.cloudDiscoveryMetadata,
      },
      system: { networkClient: network },
    });
  const signIn = async (userName: string) =>
    (await msalPublic().acquireTokenByUsernamePassword({ username: userName, password: DEMO_PASSWORD, scopes: [dv.scope] }))!.accessToken;
  const userId = async (userName: string) => (await store.findUserByName(userName))!.id;
  const readAll = async (first: string, token: string, prefer: string) => {
    const pages: Record<string, unknown>[] = [];
    let next: string | undefined = first;
    while (next) {
      const page = await api.call(next, { token, headers: { Prefer: prefer } });
      expect(page.status).toBe(200);
      pages.push(page.json);
      next = page.json['@odata.nextLink'] as string | undefined;
    }
    return pages;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-dv-emulator-'));
    clock = new ManualClock(START);
    store = await openCrmStore({ file: path.join(dir, 'crm.db'), clock });
    await seedDemoOrg(store, org);
    dv = await startDataverseEmulator({ store });
    api = new WebApiClient(dv.apiUrl, dv.ca);
    network = UndiciNetworkClient.trusting(dv.ca);
    adminToken = (await msalConfidential().acquireTokenByClientCredential({ scopes: [dv.scope] }))!.accessToken;
    aliceToken = await signIn('alice');
  });

  afterAll(async () => {
    await api.close();
    await network.close();
    await dv.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('Azure AD token endpoint', () => {
    it('issues a client-credentials token through real msal-node that acts as the app user (WhoAmI)', async () => {
      const whoAmI = await api.call('WhoAmI', { token: adminToken });
      expect(whoAmI.status).toBe(200);
      expect(whoAmI.json).toMatchObject({ UserId: await userId('admin'), OrganizationId: await store.organizationId() });
      expect(whoAmI.json['@odata.context']).toBe(`${dv.apiUrl}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`);
      expect(whoAmI.headers['odata-version']).toBe('4.0');
    });

    it('signs a crm-store user in with ROPC through msal-node (id_token and client_info accepted) and acts as that user', async () => {
      const result = await msalPublic().acquireTokenByUsernamePassword({ username: 'bob', password: DEMO_PASSWORD, scopes: [dv.scope] });
      expect(result?.account?.username).toBe('bob');
      const whoAmI = await api.call('WhoAmI', { token: result!.accessToken });
      expect(whoAmI.json['UserId']).toBe(await userId('bob'));
      expect(whoAmI.json['BusinessUnitId']).toBe((await store.findUserByName('bob'))!.businessUnitId);
    });

    it('redeems the refresh token of a password sign-in once (msal-node acquireTokenSilent with forceRefresh)', async () => {
      const app = msalPublic();
      const first = await app.acquireTokenByUsernamePassword({ username: 'bob', password: DEMO_PASSWORD, scopes: [dv.scope] });
      const refreshed = await app.acquireTokenSilent({ account: first!.account!, scopes: [dv.scope], forceRefresh: true });
      expect(refreshed.accessToken).not.toBe(first!.accessToken);
      expect((await api.call('WhoAmI', { token: refreshed.accessToken })).json['UserId']).toBe(await userId('bob'));
      const reused = await api.call(`${dv.authority}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'fieldsync', refresh_token: 'not-a-token', scope: dv.scope }).toString(),
      });
      expect(reused.json).toMatchObject({ error: 'invalid_grant', error_codes: [70000] });
    });

    it('answers a wrong client secret with AADSTS7000215 invalid_client, which msal-node surfaces', async () => {
      await expect(msalConfidential('wrong').acquireTokenByClientCredential({ scopes: [dv.scope] })).rejects.toMatchObject({
        errorCode: 'invalid_client',
        errorMessage: expect.stringContaining('AADSTS7000215'),
      });
    });

    it('answers a wrong password with AADSTS50126 invalid_grant in Azure AD error shape', async () => {
      await expect(msalPublic().acquireTokenByUsernamePassword({ username: 'alice', password: 'nope', scopes: [dv.scope] })).rejects.toMatchObject({
        errorCode: 'invalid_grant',
      });
      const raw = await api.call(`${dv.authority}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', client_id: 'fieldsync', username: 'alice', password: 'nope', scope: dv.scope }).toString(),
      });
      expect(raw.status).toBe(400);
      expect(raw.json).toMatchObject({ error: 'invalid_grant', error_codes: [50126] });
      expect(String(raw.json['error_description'])).toMatch(/^AADSTS50126: /);
      expect(raw.json).toHaveProperty('trace_id');
      expect(raw.json).toHaveProperty('correlation_id');
      expect(raw.json).toHaveProperty('timestamp');
    });

    it('answers an unknown client and a wrong scope with their AADSTS errors', async () => {
      const form = (fields: Record<string, string>) =>
        api.call(`${dv.authority}/oauth2/v2.0/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(fields).toString(),
        });
      const unknown = await form({ grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'x', scope: dv.scope });
      expect(unknown.json).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
      const scope = await form({
        grant_type: 'client_credentials',
        client_id: 'fieldsync',
        client_secret: 'fieldsync-secret',
        scope: 'https://elsewhere.crm.dynamics.com/.default',
      });
      expect(scope.json).toMatchObject({ error: 'invalid_scope', error_codes: [70011] });
    });

    it('fails injected token requests with the AADSTS code asked for', async () => {
      dv.faults.failTokenRequests(1, 7000215);
      await expect(msalConfidential().acquireTokenByClientCredential({ scopes: [dv.scope], skipCache: true })).rejects.toMatchObject({
        errorCode: 'invalid_client',
      });
      await expect(msalConfidential().acquireTokenByClientCredential({ scopes: [dv.scope], skipCache: true })).resolves.toHaveProperty('accessToken');
    });
  });

  describe('authentication of API calls', () => {
    it('answers a call without a token 401 with WWW-Authenticate and the error JSON', async () => {
      const answer = await api.call('WhoAmI');
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe(`Bearer authorization_uri=${dv.authority}/oauth2/authorize, resource_id=${dv.url}/`);
      expect(answer.json).toHaveProperty('error.code');
    });

    it('answers 401 once access tokens expire (by the clock and by expireAccessTokens)', async () => {
      const token = await signIn('carol');
      expect((await api.call('WhoAmI', { token })).status).toBe(200);
      clock.advance(3_600_000);
      expect((await api.call('WhoAmI', { token })).status).toBe(401);
      const fresh = await signIn('carol');
      dv.expireAccessTokens();
      const expired = await api.call('WhoAmI', { token: fresh });
      expect(expired.status).toBe(401);
      expect(expired.headers['www-authenticate']).toContain('invalid_token');
      adminToken = (await msalConfidential().acquireTokenByClientCredential({ scopes: [dv.scope], skipCache: true }))!.accessToken;
      aliceToken = await signIn('alice');
    });
  });

  describe('metadata', () => {
    it('lists EntityDefinitions with entity set names, primary ids and change tracking', async () => {
      const answer = await api.call(
        'EntityDefinitions?$select=LogicalName,EntitySetName,PrimaryIdAttribute,ChangeTrackingEnabled,IsOptimisticConcurrencyEnabled',
        { token: adminToken },
      );
      expect(answer.status).toBe(200);
      const rows = answer.json['value'] as Record<string, unknown>[];
      expect(rows).toContainEqual(
        expect.objectContaining({
          LogicalName: 'account',
          EntitySetName: 'accounts',
          PrimaryIdAttribute: 'accountid',
          ChangeTrackingEnabled: true,
          IsOptimisticConcurrencyEnabled: true,
        }),
      );
      expect(rows).toContainEqual(expect.objectContaining({ LogicalName: 'opportunity', EntitySetName: 'opportunities' }));
      expect(Object.keys(rows[0]).sort()).toEqual([
        'ChangeTrackingEnabled',
        'EntitySetName',
        'IsOptimisticConcurrencyEnabled',
        'LogicalName',
        'MetadataId',
        'PrimaryIdAttribute',
      ]);
    });

    it("describes an entity's attributes: types, validity, max length, lookup targets, required level", async () => {
      const answer = await api.call(
        "EntityDefinitions(LogicalName='contact')/Attributes?$select=LogicalName,AttributeType,IsValidForCreate,IsValidForUpdate,IsValidForRead,MaxLength,Targets,RequiredLevel",
        { token: adminToken },
      );
      expect(answer.status).toBe(200);
      const byName = new Map((answer.json['value'] as Record<string, unknown>[]).map((row) => [row['LogicalName'], row]));
      expect(byName.get('parentcustomerid')).toMatchObject({ AttributeType: 'Lookup', Targets: ['account'] });
      expect(byName.get('contactid')).toMatchObject({
        AttributeType: 'Uniqueidentifier',
        IsValidForCreate: true,
        IsValidForUpdate: false,
        RequiredLevel: { Value: 'SystemRequired' },
      });
      expect(byName.get('createdon')).toMatchObject({ AttributeType: 'DateTime', IsValidForCreate: false, IsValidForUpdate: false, IsValidForRead: true });
      expect(byName.get('lastname')).toMatchObject({ AttributeType: 'String', MaxLength: expect.any(Number) });
    });
  });

  describe('entity sets', () => {
    it('pages a full read with odata.maxpagesize and an opaque $skiptoken cursor that survives concurrent inserts', async () => {
      const first = await api.call('accounts?$select=name,accountnumber', { token: adminToken, headers: { Prefer: 'odata.maxpagesize=7' } });
      expect(first.status).toBe(200);
      expect(first.headers['preference-applied']).toBe('odata.maxpagesize=7');
      expect(first.json['value']).toHaveLength(7);
      const nextLink = first.json['@odata.nextLink'] as string;
      expect(nextLink).toContain('$skiptoken=');
      expect(new URL(nextLink).searchParams.get('$skiptoken')).toMatch(/^<cookie pagenumber="2" pagingcookie="[^"]+" istracking="False" \/>$/);
      // Rows inserted before the cursor are not re-read, and no row after it is skipped.
      await store.insertMany('account', [{ accountid: '00000000-0000-4000-8000-000000000001', name: 'Early Bird' }], { ownerId: await userId('admin') });
      const pages = await readAll(nextLink, adminToken, 'odata.maxpagesize=7');
      const ids = [first.json, ...pages].flatMap((page) => (page['value'] as { accountid: string }[]).map((row) => row.accountid));
      expect(new Set(ids).size).toBe(ids.length);
      const all = (await store.readFull(await store.principalOf(await userId('admin')), { entity: 'account', limit: 100_000 })).records.map((r) => r.id);
      expect(ids.filter((id) => id !== '00000000-0000-4000-8000-000000000001').sort()).toEqual(
        all.filter((id) => id !== '00000000-0000-4000-8000-000000000001').sort(),
      );
    });

    it('reads as the signed-in user: sharing and privileges enforced by the store', async () => {
      const alice = await readAll('accounts?$select=name', aliceToken, 'odata.maxpagesize=5000');
      const expected = (await store.readFull(await store.principalOf(await userId('alice')), { entity: 'account', limit: 100_000 })).records.length;
      const admin = (await store.readFull(await store.principalOf(await userId('admin')), { entity: 'account', limit: 100_000 })).records.length;
      expect((alice[0]['value'] as unknown[]).length).toBe(expected);
      expect(expected).toBeLessThan(admin);
    });

    it('serves typed values, @odata.etag, _x_value lookups and their annotations', async () => {
      const answer = await api.call('contacts?$select=fullname,_parentcustomerid_value,createdon&$filter=_parentcustomerid_value ne null&$top=3', {
        token: adminToken,
        headers: { Prefer: 'odata.include-annotations="*"' },
      });
      expect(answer.status).toBe(200);
      const row = (answer.json['value'] as Record<string, unknown>[])[0];
      expect(row['@odata.etag']).toMatch(/^W\/"\d+"$/);
      expect(row['_parentcustomerid_value']).toMatch(/^[0-9a-f-]{36}$/);
      expect(['account', 'contact']).toContain(row['_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname']);
      expect(typeof row['_parentcustomerid_value@OData.Community.Display.V1.FormattedValue']).toBe('string');
      expect(row['createdon']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(answer.json['value']).toHaveLength(3);
      expect(answer.json['@odata.nextLink']).toBeUndefined();
      // Only the annotations asked for: lookup names alone, by name or by namespace.
      for (const prefer of ['odata.include-annotations="Microsoft.Dynamics.CRM.lookuplogicalname"', 'odata.include-annotations="Microsoft.Dynamics.CRM.*"']) {
        const names = await api.call('contacts?$select=fullname,_parentcustomerid_value&$filter=_parentcustomerid_value ne null&$top=1', {
          token: adminToken,
          headers: { Prefer: prefer },
        });
        const only = (names.json['value'] as Record<string, unknown>[])[0];
        expect(['account', 'contact']).toContain(only['_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname']);
        expect(Object.keys(only).some((key) => key.endsWith('FormattedValue'))).toBe(false);
        expect(names.headers['preference-applied']).toBe('odata.include-annotations="Microsoft.Dynamics.CRM.lookuplogicalname"');
      }
    });

    it('filters in the store with the OData subset the model compiles (and/or, functions, lookups, navigation)', async () => {
      const admin = await store.principalOf(await userId('admin'));
      const accounts = (await store.readFull(admin, { entity: 'account', limit: 100_000 })).records;
      const target = accounts.find((a) => typeof a.fields['name'] === 'string' && a.fields['parentaccountid'] === null) ?? accounts[0];
      const name = String(target.fields['name']);
      const byName = await api.call(
        `accounts?$select=name&$filter=${encodeURIComponent(`name eq '${name.replace(/'/g, "''")}' and (revenue ge 0 or revenue eq null)`)}`,
        { token: adminToken },
      );
      expect(byName.status).toBe(200);
      expect((byName.json['value'] as { accountid: string }[]).map((r) => r.accountid)).toContain(target.id);
      const starts = await api.call(
        `accounts?$select=name&$filter=${encodeURIComponent(`startswith(name,'${name.slice(0, 3).replace(/'/g, "''")}') and not (name eq 'zzz')`)}`,
        { token: adminToken },
      );
      expect((starts.json['value'] as { name: string }[]).every((r) => r.name.startsWith(name.slice(0, 3)))).toBe(true);
      const contacts = (await store.readFull(admin, { entity: 'contact', limit: 100_000 })).records;
      const child = contacts.find((c) => (c.fields['parentcustomerid'] as { entity?: string } | null)?.entity === 'account')!;
      const parentId = (child.fields['parentcustomerid'] as { id: string }).id;
      const byLookup = await api.call(`contacts?$select=fullname&$filter=_parentcustomerid_value eq ${parentId}`, { token: adminToken });
      expect((byLookup.json['value'] as { contactid: string }[]).map((r) => r.contactid)).toContain(child.id);
      const parentName = String(accounts.find((a) => a.id === parentId)!.fields['name']).replace(/'/g, "''");
      const byNavigation = await api.call(
        `contacts?$select=fullname&$filter=${encodeURIComponent(`_parentcustomerid_value ne null and parentcustomerid_account/name eq '${parentName}'`)}`,
        { token: adminToken },
      );
      expect(byNavigation.status).toBe(200);
      expect((byNavigation.json['value'] as { contactid: string }[]).map((r) => r.contactid)).toContain(child.id);
      const recent = await api.call(
        `accounts?$select=name&$filter=${encodeURIComponent("Microsoft.Dynamics.CRM.LastXDays(PropertyName='createdon',PropertyValue=3650)")}`,
        { token: adminToken },
      );
      expect(recent.status).toBe(200);
    });

    it('sorts with $orderby and caps with $top, paging by a keyset cursor', async () => {
      const pages = await readAll('accounts?$select=name&$orderby=name desc&$top=25', adminToken, 'odata.maxpagesize=10');
      const names = pages.flatMap((p) => (p['value'] as { name: string }[]).map((r) => r.name));
      expect(names).toHaveLength(25);
      expect(pages).toHaveLength(3);
      expect([...names].sort().reverse()).toEqual(names);
    });

    it('answers a malformed filter, an unknown attribute and an unknown entity set with the real errors', async () => {
      const syntax = await api.call(`accounts?$filter=${encodeURIComponent('name eqq 1')}`, { token: adminToken });
      expect(syntax.status).toBe(400);
      expect(syntax.json).toEqual({ error: { code: '0x80060888', message: "Syntax error at position 5 in 'name eqq 1'." } });
      const unknown = await api.call(`accounts?$filter=${encodeURIComponent("nam eq 'x'")}`, { token: adminToken });
      expect(unknown.json).toEqual({
        error: { code: '0x80060888', message: "Could not find a property named 'nam' on type 'Microsoft.Dynamics.CRM.account'." },
      });
      const select = await api.call('accounts?$select=nmae', { token: adminToken });
      expect(select.status).toBe(400);
      expect((select.json['error'] as { message: string }).message).toContain("'nmae'");
      const set = await api.call('acounts', { token: adminToken });
      expect(set.status).toBe(404);
      expect(set.json).toEqual({ error: { code: '0x80060888', message: "Resource not found for the segment 'acounts'." } });
    });

    it('answers GET {set}/$count with the number of rows the caller may read, as plain text, honouring $filter', async () => {
      const alice = await store.principalOf(await userId('alice'));
      const admin = await store.principalOf(await userId('admin'));
      const mine = (await store.count(alice, { entity: 'contact' })).matching;
      const all = (await store.count(admin, { entity: 'contact' })).matching;
      expect(mine).toBeLessThan(all);
      const count = await api.call('contacts/$count', { token: aliceToken });
      expect(count.status).toBe(200);
      expect(count.headers['content-type']).toMatch(/^text\/plain/);
      expect(count.headers['odata-version']).toBe('4.0');
      expect(count.text).toBe(String(mine));
      expect((await api.call('contacts/$count', { token: adminToken })).text).toBe(String(all));
      const active = (await store.count(alice, { entity: 'contact', filter: { kind: 'condition', field: 'statecode', operator: 'eq', value: 0 } })).matching;
      expect(active).toBeGreaterThan(0);
      expect(active).toBeLessThan(mine);
      expect((await api.call(`contacts/$count?$filter=${encodeURIComponent('statecode eq 0')}`, { token: aliceToken })).text).toBe(String(active));
      const wrong = await api.call(`contacts/$count?$filter=${encodeURIComponent("nam eq 'x'")}`, { token: aliceToken });
      expect(wrong.status).toBe(400);
      expect(wrong.json).toEqual({ error: { code: '0x80060888', message: "Could not find a property named 'nam' on type 'Microsoft.Dynamics.CRM.contact'." } });
      const top = await api.call('contacts/$count?$top=1', { token: aliceToken });
      expect(top.status).toBe(400);
      expect(top.json).toEqual({ error: { code: '0x80060888', message: "The query parameter '$top' is not supported on 'contacts/$count'." } });
      expect((await api.call('contacts/$count', { token: aliceToken, method: 'POST', body: {} })).status).toBe(405);
      const record = (await store.readFull(alice, { entity: 'contact', limit: 1 })).records[0];
      expect((await api.call(`contacts(${record.id})/$count`, { token: aliceToken })).status).toBe(404);
    });

    it.each([
      [
        'fetchXml',
        encodeURIComponent('<fetch><entity name="account"><filter><condition attribute="name" operator="eq" value="none" /></filter></entity></fetch>'),
        ' The emulator does not run FetchXML queries; use $filter.',
      ],
      ['savedQuery', '00000000-0000-0000-00aa-000010001001', ' The emulator has no saved queries (system views); use $filter.'],
      ['userQuery', '00000000-0000-0000-00aa-000010001002', ' The emulator has no user queries (personal views); use $filter.'],
      ['$apply', encodeURIComponent('aggregate(revenue with sum as total)'), ''],
      ['$search', 'contoso', ''],
      ['select', 'name', ''],
    ])('refuses the query option %s with 400 0x80060888 naming it, never answering every row', async (option, value, why) => {
      const answer = await api.call(`accounts?${option}=${value}`, { token: adminToken });
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({ error: { code: '0x80060888', message: `The query parameter '${option}' is not supported on 'accounts'.${why}` } });
    });

    it('refuses query options that do not apply to one record, and a $count that is not true or false', async () => {
      const admin = await store.principalOf(await userId('admin'));
      const record = (await store.readFull(admin, { entity: 'account', limit: 1 })).records[0];
      const top = await api.call(`accounts(${record.id})?$top=1`, { token: adminToken });
      expect(top.status).toBe(400);
      expect(top.json).toEqual({ error: { code: '0x80060888', message: `The query parameter '$top' is not supported on 'accounts(${record.id})'.` } });
      const count = await api.call('accounts?$count=yes', { token: adminToken });
      expect(count.status).toBe(400);
      expect(count.json).toEqual({
        error: {
          code: '0x80060888',
          message: "Invalid value 'yes' for $count query option found. The $count query option requires a boolean value (true or false).",
        },
      });
      expect((await api.call('systemusers?fetchXml=x', { token: adminToken })).status).toBe(400);
      expect((await api.call('EntityDefinitions?$top=1', { token: adminToken })).status).toBe(400);
    });

    it('reads one record with its ETag (304 for a matching If-None-Match), and 404 for an id the user cannot see', async () => {
      const admin = await store.principalOf(await userId('admin'));
      const record = (await store.readFull(admin, { entity: 'account', limit: 1 })).records[0];
      const answer = await api.call(`accounts(${record.id})?$select=name`, { token: adminToken });
      expect(answer.status).toBe(200);
      expect(answer.headers['etag']).toBe(`W/"${record.version}"`);
      expect(answer.json).toMatchObject({ accountid: record.id, name: record.fields['name'], '@odata.etag': `W/"${record.version}"` });
      const unchanged = await api.call(`accounts(${record.id})?$select=name`, { token: adminToken, headers: { 'If-None-Match': `W/"${record.version}"` } });
      expect(unchanged.status).toBe(304);
      const missing = await api.call(`accounts(${randomUUID()})`, { token: adminToken });
      expect(missing.status).toBe(404);
      expect((missing.json['error'] as { code: string }).code).toBe('0x80040217');
    });
  });

  describe('change tracking', () => {
    const trackAll = async (token: string, pageSize: number) => {
      const pages = await readAll('accounts?$select=name,revenue', token, `odata.track-changes,odata.maxpagesize=${pageSize}`);
      return pages;
    };

    it('gives the @odata.deltaLink only on the last page of a tracked full read', async () => {
      const first = await api.call('accounts?$select=name', { token: adminToken, headers: { Prefer: 'odata.track-changes,odata.maxpagesize=10' } });
      expect(first.headers['preference-applied']).toContain('odata.track-changes');
      const pages = await trackAll(adminToken, 10);
      expect(pages.length).toBeGreaterThan(2);
      for (const page of pages.slice(0, -1)) {
        expect(page['@odata.deltaLink']).toBeUndefined();
        expect(page['@odata.nextLink']).toBeDefined();
      }
      const last = pages[pages.length - 1];
      expect(last['@odata.nextLink']).toBeUndefined();
      expect(last['@odata.deltaLink']).toMatch(/accounts\?\$select=name%2Crevenue&\$deltatoken=/);
    });

    it('follows a deltaLink: changed and new rows as rows, deleted rows (also created-then-deleted) as $deletedEntity, then a new deltaLink', async () => {
      const pages = await trackAll(adminToken, 5000);
      const deltaLink = pages[pages.length - 1]['@odata.deltaLink'] as string;
      const admin = await store.principalOf(await userId('admin'));
      const [changed, removed] = (await store.readFull(admin, { entity: 'account', limit: 2 })).records;
      await store.updateAsSystem('account', changed.id, { revenue: 4242 });
      await store.deleteAsSystem('account', removed.id);
      const created = randomUUID();
      const fleeting = randomUUID();
      for (const id of [created, fleeting]) {
        const answer = await api.call('accounts', { method: 'POST', token: adminToken, body: { accountid: id, name: `Delta ${id.slice(0, 4)}` } });
        expect(answer.status).toBe(204);
      }
      expect((await api.call(`accounts(${fleeting})`, { method: 'DELETE', token: adminToken })).status).toBe(204);
      const delta = await api.call(deltaLink, { token: adminToken, headers: { Prefer: 'odata.track-changes' } });
      expect(delta.status).toBe(200);
      const rows = delta.json['value'] as Record<string, unknown>[];
      expect(rows).toContainEqual(expect.objectContaining({ accountid: changed.id, revenue: 4242 }));
      expect(rows).toContainEqual(expect.objectContaining({ accountid: created }));
      expect(rows).toContainEqual({ '@odata.context': `${dv.apiUrl}$metadata#accounts/$deletedEntity`, id: removed.id, reason: 'deleted' });
      expect(rows.filter((row) => row['accountid'] === fleeting)).toEqual([]);
      expect(rows.filter((row) => row['id'] === fleeting).length).toBeLessThanOrEqual(1);
      const next = delta.json['@odata.deltaLink'] as string;
      expect(next).toContain('$deltatoken=');
      const quiet = await api.call(next, { token: adminToken, headers: { Prefer: 'odata.track-changes' } });
      expect(quiet.json['value']).toEqual([]);
    });

    it('pages a delta read by odata.maxpagesize, with the new deltaLink only on its last page', async () => {
      const pages = await trackAll(adminToken, 5000);
      const admin = await store.principalOf(await userId('admin'));
      const touched = (await store.readFull(admin, { entity: 'account', limit: 12 })).records;
      for (const record of touched) await store.updateAsSystem('account', record.id, { accountnumber: `D-${record.id.slice(0, 4)}` });
      const delta = await readAll(pages[pages.length - 1]['@odata.deltaLink'] as string, adminToken, 'odata.track-changes,odata.maxpagesize=5');
      expect(delta.map((page) => (page['value'] as unknown[]).length)).toEqual([5, 5, 2]);
      expect(delta.slice(0, -1).every((page) => page['@odata.deltaLink'] === undefined)).toBe(true);
      expect(delta[2]['@odata.deltaLink']).toContain('$deltatoken=');
      const ids = delta.flatMap((page) => (page['value'] as { accountid: string }[]).map((row) => row.accountid));
      expect(ids.sort()).toEqual(touched.map((r) => r.id).sort());
    });

    it('reports rows the user can no longer see (unshared) as deleted entries', async () => {
      const bob = await store.principalOf(await userId('bob'));
      const carolAccounts = (await store.readFull(await store.principalOf(await userId('carol')), { entity: 'account', limit: 100 })).records;
      const bobIds = new Set((await store.readFull(bob, { entity: 'account', limit: 1000 })).records.map((r) => r.id));
      const foreign = carolAccounts.find((r) => !bobIds.has(r.id))!;
      await store.share('account', foreign.id, await userId('bob'));
      const bobToken = await signIn('bob');
      const pages = await readAll('accounts?$select=name', bobToken, 'odata.track-changes');
      expect(pages.flatMap((p) => p['value'] as { accountid: string }[]).map((r) => r.accountid)).toContain(foreign.id);
      await store.unshare('account', foreign.id, await userId('bob'));
      const delta = await api.call(pages[pages.length - 1]['@odata.deltaLink'] as string, { token: bobToken });
      expect(delta.json['value']).toContainEqual(expect.objectContaining({ id: foreign.id, reason: 'deleted' }));
    });

    it('refuses $filter, $orderby and $top with change tracking', async () => {
      const answer = await api.call("accounts?$select=name&$filter=name eq 'x'", { token: adminToken, headers: { Prefer: 'odata.track-changes' } });
      expect(answer.status).toBe(400);
      expect((answer.json['error'] as { code: string }).code).toBe('0x80060888');
      expect((await api.call('accounts?$select=name&$top=3', { token: adminToken, headers: { Prefer: 'odata.track-changes' } })).status).toBe(400);
    });

    it('answers an expired delta token (by its lifetime and by expireChangeTokens) with 0x80044352', async () => {
      const link = async () => {
        const pages = await trackAll(adminToken, 5000);
        return pages[pages.length - 1]['@odata.deltaLink'] as string;
      };
      const expected = { error: { code: '0x80044352', message: 'Version stamp associated with the client has expired. Please perform a full sync.' } };
      const byCall = await link();
      dv.expireChangeTokens();
      const first = await api.call(byCall, { token: adminToken });
      expect(first.status).toBe(400);
      expect(first.json).toEqual(expected);
      const byAge = await link();
      expect((await api.call(byAge, { token: adminToken })).status).toBe(200);
      clock.advance(7 * 86_400_000 + 1000);
      adminToken = (await msalConfidential().acquireTokenByClientCredential({ scopes: [dv.scope], skipCache: true }))!.accessToken;
      aliceToken = await signIn('alice');
      expect((await api.call(byAge, { token: adminToken })).json).toEqual(expected);
    });
    it('serves versionnumber to $select, $filter and $orderby, and turns change tracking off per table', async () => {
      const page = await api.call('accounts?$select=name,versionnumber&$orderby=versionnumber desc&$top=3', { token: aliceToken });
      expect(page.status).toBe(200);
      const versions = (page.json['value'] as { versionnumber: number }[]).map((row) => row.versionnumber);
      expect(versions).toHaveLength(3);
      expect([...versions].sort((a, b) => b - a)).toEqual(versions);
      const newer = await api.call(`accounts?$select=name,versionnumber&$filter=versionnumber gt ${versions[1]}&$orderby=versionnumber asc`, {
        token: aliceToken,
      });
      expect((newer.json['value'] as { versionnumber: number }[]).map((row) => row.versionnumber)).toEqual([versions[0]]);
      const named = await api.call(`accounts?$select=versionnumber&$filter=${encodeURIComponent(`versionnumber ge ${versions[2]} and name ne null`)}`, {
        token: aliceToken,
      });
      expect((named.json['value'] as unknown[]).length).toBe(3);
      const hidden = await api.call(`accounts?$filter=${encodeURIComponent(`versionnumber gt 1 or name eq 'x'`)}`, { token: aliceToken });
      expect(hidden.status).toBe(400);

      const off = await startDataverseEmulator({ store, changeTrackingDisabled: ['account'] });
      const offApi = new WebApiClient(off.apiUrl, off.ca);
      const offNetwork = UndiciNetworkClient.trusting(off.ca);
      try {
        const token = (await new PublicClientApplication({
          auth: {
            clientId: 'fieldsync',
            authority: off.authority,
            knownAuthorities: [off.knownAuthority],
            authorityMetadata: off.authorityMetadata,
            cloudDiscoveryMetadata: off.cloudDiscoveryMetadata,
          },
          system: { networkClient: offNetwork },
        }).acquireTokenByUsernamePassword({ username: 'alice', password: DEMO_PASSWORD, scopes: [off.scope] }))!.accessToken;
        const definitions = await offApi.call(
          "EntityDefinitions?$select=LogicalName,ChangeTrackingEnabled&$filter=LogicalName eq 'account' or LogicalName eq 'contact'",
          { token },
        );
        expect(
          Object.fromEntries(
            (definitions.json['value'] as { LogicalName: string; ChangeTrackingEnabled: boolean }[]).map((d) => [d.LogicalName, d.ChangeTrackingEnabled]),
          ),
        ).toEqual({ account: false, contact: true });
        const untracked = await offApi.call('accounts?$select=name', { token, headers: { Prefer: 'odata.track-changes,odata.maxpagesize=5000' } });
        expect(untracked.status).toBe(200);
        expect(untracked.json['@odata.deltaLink']).toBeUndefined();
        expect(untracked.headers['preference-applied'] ?? '').not.toContain('track-changes');
        const refused = await offApi.call('accounts?$select=name&$deltatoken=1', { token });
        expect(refused.status).toBe(400);
      } finally {
        await offApi.close();
        await offNetwork.close();
        await off.close();
      }
    });
  });

  describe('single-record writes', () => {
    it('creates with a client GUID (204 + OData-EntityId, or 201 with return=representation) and refuses a duplicate id with 412 0x80040237', async () => {
      const id = randomUUID();
      const created = await api.call('accounts', { method: 'POST', token: aliceToken, body: { accountid: id, name: 'Client Guid Ltd', revenue: 12.5 } });
      expect(created.status).toBe(204);
      expect(created.headers['odata-entityid']).toBe(`${dv.apiUrl}accounts(${id})`);
      const again = await api.call('accounts', { method: 'POST', token: aliceToken, body: { accountid: id, name: 'Client Guid Ltd' } });
      expect(again.status).toBe(412);
      expect(again.json).toEqual({ error: { code: '0x80040237', message: 'A record with matching key values already exists.' } });
      const representation = await api.call('accounts?$select=name,revenue', {
        method: 'POST',
        token: aliceToken,
        headers: { Prefer: 'return=representation' },
        body: { name: 'Represented', revenue: 3 },
      });
      expect(representation.status).toBe(201);
      expect(representation.json).toMatchObject({ name: 'Represented', revenue: 3, '@odata.etag': expect.stringMatching(/^W\/"\d+"$/) });
      expect(representation.json['accountid']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('writes lookups with @odata.bind and reads them back as _x_value', async () => {
      const account = randomUUID();
      await api.call('accounts', { method: 'POST', token: aliceToken, body: { accountid: account, name: 'Parent Co' } });
      const contact = randomUUID();
      const created = await api.call('contacts', {
        method: 'POST',
        token: aliceToken,
        body: { contactid: contact, lastname: 'Bound', 'parentcustomerid_account@odata.bind': `/accounts(${account})` },
      });
      expect(created.status).toBe(204);
      const read = await api.call(`contacts(${contact})?$select=_parentcustomerid_value`, { token: aliceToken });
      expect(read.json['_parentcustomerid_value']).toBe(account);
      // An owner points at a principal: /systemusers(id) (a team would be /teams(id)); an entity that is no owner is refused.
      const aliceId = (await store.findUserByName('alice'))!.id;
      const owned = randomUUID();
      const withOwner = await api.call('accounts', {
        method: 'POST',
        token: aliceToken,
        body: { accountid: owned, name: 'Owned', 'ownerid@odata.bind': `/systemusers(${aliceId})` },
      });
      expect(withOwner.status).toBe(204);
      expect((await store.getAsSystem('account', owned))!.fields['ownerid']).toEqual({ entity: 'systemuser', id: aliceId });
      const wrongOwner = await api.call('accounts', {
        method: 'POST',
        token: aliceToken,
        body: { accountid: randomUUID(), name: 'Owned badly', 'ownerid@odata.bind': `/accounts(${account})` },
      });
      expect(wrongOwner.status).toBe(400);
    });

    it('updates with If-Match: a stale ETag answers 412 with the documented message, the current one succeeds', async () => {
      const id = randomUUID();
      const created = await api.call('accounts', { method: 'POST', token: aliceToken, body: { accountid: id, name: 'Versioned' } });
      const etag = created.headers['etag'];
      expect(etag).toMatch(/^W\/"\d+"$/);
      const first = await api.call(`accounts(${id})`, { method: 'PATCH', token: aliceToken, headers: { 'If-Match': etag }, body: { name: 'Versioned 2' } });
      expect(first.status).toBe(204);
      const stale = await api.call(`accounts(${id})`, { method: 'PATCH', token: aliceToken, headers: { 'If-Match': etag }, body: { name: 'Versioned 3' } });
      expect(stale.status).toBe(412);
      expect((stale.json['error'] as { message: string }).message).toBe("The version of the existing record doesn't match the RowVersion property provided.");
      expect((await store.getAsSystem('account', id))!.fields['name']).toBe('Versioned 2');
      const staleDelete = await api.call(`accounts(${id})`, { method: 'DELETE', token: aliceToken, headers: { 'If-Match': etag } });
      expect(staleDelete.status).toBe(412);
      const current = await api.call(`accounts(${id})`, { token: aliceToken });
      expect((await api.call(`accounts(${id})`, { method: 'DELETE', token: aliceToken, headers: { 'If-Match': current.headers['etag'] } })).status).toBe(204);
      expect(await store.getAsSystem('account', id)).toBeUndefined();
    });

    it('upserts with PATCH: creates when missing, If-Match: * only updates (404), If-None-Match: * only creates (412)', async () => {
      const id = randomUUID();
      const updateOnly = await api.call(`accounts(${id})`, { method: 'PATCH', token: aliceToken, headers: { 'If-Match': '*' }, body: { name: 'Nope' } });
      expect(updateOnly.status).toBe(404);
      expect(await store.getAsSystem('account', id)).toBeUndefined();
      const upsert = await api.call(`accounts(${id})`, { method: 'PATCH', token: aliceToken, body: { name: 'Upserted' } });
      expect(upsert.status).toBe(204);
      expect((await store.getAsSystem('account', id))!.fields['name']).toBe('Upserted');
      const represented = await api.call(`accounts(${id})?$select=name`, {
        method: 'PATCH',
        token: aliceToken,
        headers: { Prefer: 'return=representation' },
        body: { name: 'Upserted 2' },
      });
      expect(represented.status).toBe(200);
      expect(represented.json).toMatchObject({ accountid: id, name: 'Upserted 2' });
      expect(represented.headers['preference-applied']).toBe('return=representation');
      const createOnly = await api.call(`accounts(${id})`, { method: 'PATCH', token: aliceToken, headers: { 'If-None-Match': '*' }, body: { name: 'Again' } });
      expect(createOnly.status).toBe(412);
      expect((createOnly.json['error'] as { code: string }).code).toBe('0x80040237');
    });

    it("refuses a write the user's privileges do not allow with 403 0x80040220 and the store's reason", async () => {
      const bobId = await userId('bob');
      const admin = await store.principalOf(await userId('admin'));
      const bobsAccount = (
        await store.readFull(admin, { entity: 'account', filter: { kind: 'condition', field: 'ownerid', operator: 'eq', value: bobId }, limit: 1 })
      ).records[0];
      // alice reads her business unit's accounts but may delete only her own.
      expect((await api.call(`accounts(${bobsAccount.id})`, { token: aliceToken })).status).toBe(200);
      const aliceNotBob = bobsAccount;
      const denied = await api.call(`accounts(${aliceNotBob!.id})`, { method: 'DELETE', token: aliceToken });
      expect(denied.status).toBe(403);
      expect((denied.json['error'] as { code: string; message: string }).code).toBe('0x80040220');
      expect((denied.json['error'] as { message: string }).message.length).toBeGreaterThan(40);
    });

    it('answers an unknown property in a body with 400 naming it, nothing written', async () => {
      const id = randomUUID();
      const answer = await api.call('accounts', { method: 'POST', token: aliceToken, body: { accountid: id, nmae: 'x' } });
      expect(answer.status).toBe(400);
      expect((answer.json['error'] as { message: string }).message).toContain("'nmae'");
      expect(await store.getAsSystem('account', id)).toBeUndefined();
    });
  });
});
