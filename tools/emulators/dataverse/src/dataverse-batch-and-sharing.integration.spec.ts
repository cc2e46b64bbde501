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

/** A `$batch` body from parts: a part is a request text, or an array of request texts (a change set). */
function batchBody(boundary: string, items: readonly (string | readonly string[])[]): string {
  const http = (request: string, contentId?: number) =>
    ['Content-Type: application/http', 'Content-Transfer-Encoding: binary', ...(contentId !== undefined ? [`Content-ID: ${contentId}`] : []), '', request].join(
      '\r\n',
    );
  const lines: string[] = [];
  items.forEach((item, index) => {
    lines.push(`--${boundary}`);
    if (typeof item === 'string') lines.push(http(item));
    else {
      const changeset = `changeset_${index}`;
      lines.push(`Content-Type: multipart/mixed; boundary=${changeset}`, '');
      item.forEach((request, i) => lines.push(`--${changeset}`, http(request, i + 1)));
      lines.push(`--${changeset}--`);
    }
  });
  lines.push(`--${boundary}--`, '');
  return lines.join('\r\n');
}

const post = (url: string, body: unknown) => `POST ${url} HTTP/1.1\r\nContent-Type: application/json; type=entry\r\n\r\n${JSON.stringify(body)}`;

describe('Dataverse emulator: $batch, notes, privileges and sharing, service protection, faults', () => {
  let dir: string;
  let store: CrmStore;
  let clock: ManualClock;
  let dv: DataverseEmulator;
  let api: WebApiClient;
  let network: UndiciNetworkClient;
  let adminToken: string;
  let aliceToken: string;
  const org = generateDemoOrg({ records: 300, seed: 12 });
  const userId = async (userName: string) => (await store.findUserByName(userName))!.id;
  const signIn = async (userName: string) =>
    (await new PublicClientApplication({
      auth: {
        clientId: 'fieldsync',
        authority: dv.authority,
        knownAuthorities: [dv.knownAuthority],
        authorityMetadata: dv.authorityMetadata,
        cloudDiscoveryMetadata: dv.cloudDiscoveryMetadata,
      },
      system: { networkClient: network },
    }).acquireTokenByUsernamePassword({ username: userName, password: DEMO_PASSWORD, scopes: [dv.scope] }))!.accessToken;
  const batch = (items: readonly (string | readonly string[])[], prefer?: string) =>
    api.call('$batch', {
      method: 'POST',
      token: aliceToken,
      headers: { 'Content-Type': 'multipart/mixed; boundary=batch_test', ...(prefer ? { Prefer: prefer } : {}) },
      body: batchBody('batch_test', items),
    });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-dv-batch-'));
    clock = new ManualClock(START, { spendDelaysAtOnce: true });
    store = await openCrmStore({ file: path.join(dir, 'crm.db'), clock });
    await seedDemoOrg(store, org);
    dv = await startDataverseEmulator({ store });
    api = new WebApiClient(dv.apiUrl, dv.ca);
    network = UndiciNetworkClient.trusting(dv.ca);
    const confidential = new ConfidentialClientApplication({
      auth: {
        clientId: 'fieldsync',
        clientSecret: 'fieldsync-secret',
        authority: dv.authority,
        knownAuthorities: [dv.knownAuthority],
        authorityMetadata: dv.authorityMetadata,
        cloudDiscoveryMetadata: dv.cloudDiscoveryMetadata,
      },
      system: { networkClient: network },
    });
    adminToken = (await confidential.acquireTokenByClientCredential({ scopes: [dv.scope] }))!.accessToken;
    aliceToken = await signIn('alice');
  });

  afterAll(async () => {
    await api.close();
    await network.close();
    await dv.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('$batch', () => {
    it('runs a change set with Content-ID references atomically and answers in the batchresponse / changesetresponse layout', async () => {
      const contact = randomUUID();
      const answer = await batch([
        [
          post('/api/data/v9.2/accounts', { name: 'Batch Parent' }),
          post(`${dv.apiUrl}contacts`, { contactid: contact, lastname: 'Batch Child', 'parentcustomerid_account@odata.bind': '$1' }),
        ],
        `GET ${dv.apiUrl}contacts(${contact})?$select=lastname,_parentcustomerid_value HTTP/1.1\r\nAccept: application/json`,
      ]);
      expect(answer.status).toBe(200);
      const boundary = /boundary=(batchresponse_[\w-]+)/.exec(answer.headers['content-type'])![1];
      expect(answer.text.startsWith(`--${boundary}\r\n`)).toBe(true);
      expect(answer.text.trimEnd().endsWith(`--${boundary}--`)).toBe(true);
      expect(answer.text).toMatch(/Content-Type: multipart\/mixed; boundary=changesetresponse_[\w-]+/);
      expect(answer.text).toContain('Content-ID: 1');
      expect((answer.text.match(/HTTP\/1\.1 204 No Content/g) ?? []).length).toBe(2);
      const accountId = /OData-EntityId: \S+accounts\(([0-9a-f-]{36})\)/.exec(answer.text)![1];
      expect(answer.text).toContain('HTTP/1.1 200 OK');
      expect(answer.text).toContain(`"_parentcustomerid_value":"${accountId}"`);
      expect((await store.getAsSystem('contact', contact))!.fields['parentcustomerid']).toEqual({ entity: 'account', id: accountId });
    });

    it('answers a $count part as plain text, as the single request does', async () => {
      const count = (await store.count(await store.principalOf(await userId('alice')), { entity: 'contact' })).matching;
      const answer = await batch([`GET ${dv.apiUrl}contacts/$count HTTP/1.1\r\nAccept: text/plain`]);
      expect(answer.status).toBe(200);
      expect(answer.text).toMatch(
        new RegExp(`HTTP/1\\.1 200 OK\r\n(?:[\\w-]+: [^\r\n]*\r\n)*Content-Type: text/plain; charset=utf-8\r\n(?:[\\w-]+: [^\r\n]*\r\n)*\r\n${count}\r\n`),
      );
    });

    it('rolls a change set back when one of its requests fails, and stops the batch without continue-on-error', async () => {
      const first = randomUUID();
      const later = randomUUID();
      const answer = await batch([
        [post('accounts', { accountid: first, name: 'Rolled Back' }), post('accounts', { name: 'Bad', nmae: 'typo' })],
        post('accounts', { accountid: later, name: 'Never Run' }),
      ]);
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('HTTP/1.1 400 Bad Request');
      expect(answer.text).toContain("'nmae'");
      // The change set's one error names the request that failed.
      expect(answer.text).toMatch(/Content-ID: 2\r\n\r\nHTTP\/1.1 400 Bad Request/);
      expect(await store.getAsSystem('account', first)).toBeUndefined();
      expect(await store.getAsSystem('account', later)).toBeUndefined();
    });

    it('rolls a change set back when the store refuses a later write (duplicate id)', async () => {
      const existing = randomUUID();
      await api.call('accounts', { method: 'POST', token: aliceToken, body: { accountid: existing, name: 'Existing' } });
      const fresh = randomUUID();
      const answer = await batch([[post('accounts', { accountid: fresh, name: 'Fresh' }), post('accounts', { accountid: existing, name: 'Duplicate' })]]);
      expect(answer.text).toContain('HTTP/1.1 412 Precondition Failed');
      expect(answer.text).toContain('0x80040237');
      expect(answer.text).toMatch(/Content-ID: 2\r\n\r\nHTTP\/1.1 412 Precondition Failed/);
      expect(await store.getAsSystem('account', fresh)).toBeUndefined();
    });

    it('continues after a failing part with Prefer: odata.continue-on-error', async () => {
      const after = randomUUID();
      const answer = await batch(
        [post('accounts', { name: 'x', nmae: 'typo' }), post('accounts', { accountid: after, name: 'After The Error' })],
        'odata.continue-on-error',
      );
      expect(answer.status).toBe(200);
      expect(answer.headers['preference-applied']).toBe('odata.continue-on-error');
      expect(answer.text).toContain('HTTP/1.1 400 Bad Request');
      expect(answer.text).toContain('HTTP/1.1 204 No Content');
      expect(await store.getAsSystem('account', after)).toBeDefined();
    });

    it('refuses 1,001 requests with 400 and writes nothing; 1,000 pass', async () => {
      const ids = Array.from({ length: 1001 }, () => randomUUID());
      const tooMany = await batch([ids.map((id) => post('accounts', { accountid: id, name: 'Bulk' }))]);
      expect(tooMany.status).toBe(400);
      expect(tooMany.json).toEqual({
        error: {
          code: '0x8006088a',
          message: "The current change set contains too many operations. A maximum number of '1000' operations are allowed in a change set.",
        },
      });
      expect(await store.getAsSystem('account', ids[0])).toBeUndefined();
      const tooManyParts = await batch([
        ...ids.slice(0, 1000).map((id) => post('accounts', { accountid: id, name: 'Bulk' })),
        post('accounts', { accountid: ids[1000], name: 'Bulk' }),
      ]);
      expect(tooManyParts.status).toBe(400);
      expect((tooManyParts.json['error'] as { message: string }).message).toBe(
        "The current batch message contains too many operations. A maximum number of '1000' operations are allowed in a batch message.",
      );
      expect(await store.getAsSystem('account', ids[0])).toBeUndefined();
      const enough = await batch([ids.slice(0, 1000).map((id) => post('accounts', { accountid: id, name: 'Bulk' }))]);
      expect(enough.status).toBe(200);
      expect(await store.getAsSystem('account', ids[999])).toBeDefined();
    });

    it('answers a malformed part with 400 naming it, nothing written', async () => {
      const id = randomUUID();
      const body = batchBody('batch_test', [post('accounts', { accountid: id, name: 'Fine' }), 'FETCH accounts HTTP/1.1']);
      const answer = await api.call('$batch', { method: 'POST', token: aliceToken, headers: { 'Content-Type': 'multipart/mixed; boundary=batch_test' }, body });
      expect(answer.status).toBe(400);
      expect((answer.json['error'] as { message: string }).message).toContain('Batch part 2');
      expect(await store.getAsSystem('account', id)).toBeUndefined();
      const unterminated = await api.call('$batch', {
        method: 'POST',
        token: aliceToken,
        headers: { 'Content-Type': 'multipart/mixed; boundary=batch_test' },
        body: body.replace('--batch_test--', ''),
      });
      expect(unterminated.status).toBe(400);
    });
  });

  describe('notes', () => {
    it('stores a note with a base64 documentbody as its attachment and reads it back with filesize and isdocument', async () => {
      const account = randomUUID();
      await api.call('accounts', { method: 'POST', token: aliceToken, body: { accountid: account, name: 'With Notes' } });
      const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
      const note = randomUUID();
      const created = await api.call('annotations', {
        method: 'POST',
        token: aliceToken,
        body: {
          annotationid: note,
          subject: 'Scan',
          filename: 'scan.bin',
          mimetype: 'application/octet-stream',
          documentbody: bytes.toString('base64'),
          'objectid_account@odata.bind': `/accounts(${account})`,
        },
      });
      expect(created.status).toBe(204);
      const read = await api.call(`annotations(${note})?$select=filename,filesize,mimetype,isdocument,documentbody,_objectid_value`, { token: aliceToken });
      expect(read.status).toBe(200);
      expect(read.json).toMatchObject({
        filename: 'scan.bin',
        filesize: 70_000,
        mimetype: 'application/octet-stream',
        isdocument: true,
        _objectid_value: account,
      });
      expect(Buffer.from(String(read.json['documentbody']), 'base64').equals(bytes)).toBe(true);
    });
  });

  describe('privileges and sharing', () => {
    it("answers RetrieveUserPrivileges from the user's roles with Dataverse depths", async () => {
      const alice = await userId('alice');
      const answer = await api.call(`systemusers(${alice})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`, { token: aliceToken });
      expect(answer.status).toBe(200);
      const privileges = answer.json['RolePrivileges'] as { Depth: string; PrivilegeName: string; PrivilegeId: string; BusinessUnitId: string }[];
      expect(privileges).toContainEqual(
        expect.objectContaining({ PrivilegeName: 'prvReadaccount', Depth: 'Local', BusinessUnitId: (await store.getUser(alice))!.businessUnitId }),
      );
      expect(privileges).toContainEqual(expect.objectContaining({ PrivilegeName: 'prvWriteaccount', Depth: 'Basic' }));
      const admin = await api.call(`systemusers(${await userId('admin')})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`, { token: adminToken });
      expect(admin.json['RolePrivileges']).toContainEqual(expect.objectContaining({ PrivilegeName: 'prvDeletecontact', Depth: 'Global' }));
    });

    it('lists systemusers with a filter, enough for a connector to find users', async () => {
      const answer = await api.call(`systemusers?$select=fullname,domainname,_businessunitid_value&$filter=${encodeURIComponent("domainname eq 'bob'")}`, {
        token: aliceToken,
      });
      expect(answer.status).toBe(200);
      expect(answer.json['value']).toEqual([expect.objectContaining({ systemuserid: await userId('bob'), fullname: 'Bob Baker', domainname: 'bob' })]);
    });

    it("lists a user's security roles (systemuserroles_association)", async () => {
      const roles = await api.call(`systemusers(${await userId('alice')})/systemuserroles_association?$select=name`, { token: aliceToken });
      expect(roles.status).toBe(200);
      expect((roles.json['value'] as { name: string; roleid: string }[]).map((role) => role.name).sort()).toEqual(
        [...(await store.roleNamesOf(await userId('alice')))].sort(),
      );
      expect((await api.call(`systemusers(${randomUUID()})/systemuserroles_association`, { token: aliceToken })).status).toBe(404);
    });

    it('lets an application user act as another user with MSCRMCallerID, and refuses it to anyone else', async () => {
      const bob = await userId('bob');
      const asBob = await api.call('WhoAmI', { token: adminToken, headers: { MSCRMCallerID: bob } });
      expect(asBob.json['UserId']).toBe(bob);
      const bobsAccounts = (await store.readFull(await store.principalOf(bob), { entity: 'account', limit: 5000 })).records.map((record) => record.id).sort();
      const read = await api.call('accounts?$select=accountid', { token: adminToken, headers: { MSCRMCallerID: bob } });
      expect((read.json['value'] as { accountid: string }[]).map((row) => row.accountid).sort()).toEqual(bobsAccounts);
      const created = randomUUID();
      expect(
        (await api.call('accounts', { method: 'POST', token: adminToken, headers: { MSCRMCallerID: bob }, body: { accountid: created, name: 'Made as Bob' } }))
          .status,
      ).toBe(204);
      expect((await store.getAsSystem('account', created))!.fields['ownerid']).toMatchObject({ id: bob });
      const refused = await api.call('WhoAmI', { token: aliceToken, headers: { MSCRMCallerID: bob } });
      expect(refused.status).toBe(403);
      expect((refused.json['error'] as { message: string }).message).toContain('prvActOnBehalfOfAnotherUser');
      expect((await api.call('WhoAmI', { token: adminToken, headers: { MSCRMCallerID: randomUUID() } })).status).toBe(404);
    });

    it('grants and revokes access (GrantAccess / RevokeAccess), seen by the grantee and by RetrievePrincipalAccess', async () => {
      const record = randomUUID();
      await api.call('accounts', { method: 'POST', token: aliceToken, body: { accountid: record, name: 'Shared With Carol' } });
      const carol = await userId('carol');
      const carolToken = await signIn('carol');
      expect((await api.call(`accounts(${record})`, { token: carolToken })).status).toBe(404);
      const access = async () =>
        api.call(
          `RetrievePrincipalAccess(Target=@t,Principal=@p)?@t=${encodeURIComponent(JSON.stringify({ '@odata.id': `accounts(${record})` }))}&@p=${encodeURIComponent(JSON.stringify({ '@odata.type': 'Microsoft.Dynamics.CRM.systemuser', systemuserid: carol }))}`,
          { token: aliceToken },
        );
      expect((await access()).json['AccessRights']).toBe('None');
      const target = { '@odata.type': 'Microsoft.Dynamics.CRM.account', accountid: record };
      const principal = { '@odata.type': 'Microsoft.Dynamics.CRM.systemuser', systemuserid: carol };
      const granted = await api.call('GrantAccess', {
        method: 'POST',
        token: aliceToken,
        body: { Target: target, PrincipalAccess: { Principal: principal, AccessMask: 'ReadAccess' } },
      });
      expect(granted.status).toBe(204);
      expect((await api.call(`accounts(${record})`, { token: carolToken })).status).toBe(200);
      expect((await access()).json['AccessRights']).toBe('ReadAccess');
      const own = await api.call(
        `RetrievePrincipalAccess(Target=@t,Principal=@p)?@t=${encodeURIComponent(JSON.stringify(target))}&@p=${encodeURIComponent(JSON.stringify({ '@odata.type': 'Microsoft.Dynamics.CRM.systemuser', systemuserid: await userId('alice') }))}`,
        { token: aliceToken },
      );
      expect(own.json['AccessRights']).toContain('WriteAccess');
      const bound = await api.call(
        `systemusers(${carol})/Microsoft.Dynamics.CRM.RetrievePrincipalAccess(Target=@t)?@t=${encodeURIComponent(JSON.stringify({ '@odata.id': `accounts(${record})` }))}`,
        { token: aliceToken },
      );
      expect(bound.json['AccessRights']).toBe('ReadAccess');
      const revoked = await api.call('RevokeAccess', { method: 'POST', token: aliceToken, body: { Target: target, Revokee: principal } });
      expect(revoked.status).toBe(204);
      expect((await api.call(`accounts(${record})`, { token: carolToken })).status).toBe(404);
    });

    it('refuses GrantAccess on a record the caller may not share with 403', async () => {
      const bobId = await userId('bob');
      const admin = await store.principalOf(await userId('admin'));
      const bobs = (await store.readFull(admin, { entity: 'account', filter: { kind: 'condition', field: 'ownerid', operator: 'eq', value: bobId }, limit: 1 }))
        .records[0];
      const answer = await api.call('GrantAccess', {
        method: 'POST',
        token: aliceToken,
        body: {
          Target: { '@odata.type': 'Microsoft.Dynamics.CRM.account', accountid: bobs.id },
          PrincipalAccess: { Principal: { '@odata.type': 'Microsoft.Dynamics.CRM.systemuser', systemuserid: await userId('carol') }, AccessMask: 'ReadAccess' },
        },
      });
      expect(answer.status).toBe(403);
      expect((answer.json['error'] as { code: string }).code).toBe('0x80040220');
    });
  });

  describe('service protection and faults', () => {
    it('answers 429 with Retry-After and 0x80072322 past the per-user request limit, per user', async () => {
      const limited = await startDataverseEmulator({ store, serviceProtection: { requestsPerWindow: 3, windowMs: 60_000 } });
      const client = new WebApiClient(limited.apiUrl, limited.ca);
      const netClient = UndiciNetworkClient.trusting(limited.ca);
      try {
        const token = (await new ConfidentialClientApplication({
          auth: {
            clientId: 'fieldsync',
            clientSecret: 'fieldsync-secret',
            authority: limited.authority,
            knownAuthorities: [limited.knownAuthority],
            authorityMetadata: limited.authorityMetadata,
            cloudDiscoveryMetadata: limited.cloudDiscoveryMetadata,
          },
          system: { networkClient: netClient },
        }).acquireTokenByClientCredential({ scopes: [limited.scope] }))!.accessToken;
        for (let i = 0; i < 3; i++) expect((await client.call('WhoAmI', { token })).status).toBe(200);
        const refused = await client.call('WhoAmI', { token });
        expect(refused.status).toBe(429);
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
        expect(refused.json).toEqual({ error: { code: '0x80072322', message: 'Number of requests exceeded the limit of 3 over time window of 60 seconds.' } });
        expect(limited.requestCount()).toBe(4);
        const other = (await new PublicClientApplication({
          auth: {
            clientId: 'fieldsync',
            authority: limited.authority,
            knownAuthorities: [limited.knownAuthority],
            authorityMetadata: limited.authorityMetadata,
            cloudDiscoveryMetadata: limited.cloudDiscoveryMetadata,
          },
          system: { networkClient: netClient },
        }).acquireTokenByUsernamePassword({ username: 'carol', password: DEMO_PASSWORD, scopes: [limited.scope] }))!.accessToken;
        expect((await client.call('WhoAmI', { token: other })).status).toBe(200);
      } finally {
        await client.close();
        await netClient.close();
        await limited.close();
      }
    });

    it('injects failures with Retry-After, dropped connections and delays, and forgets them on clear', async () => {
      dv.faults.failNext(1, { status: 503, code: '0x80040216', retryAfterSeconds: 2 });
      const failed = await api.call('WhoAmI', { token: aliceToken });
      expect(failed.status).toBe(503);
      expect(failed.headers['retry-after']).toBe('2');
      expect((await api.call('WhoAmI', { token: aliceToken })).status).toBe(200);
      dv.faults.dropNextConnection();
      await expect(api.call('WhoAmI', { token: aliceToken })).rejects.toThrow();
      dv.faults.failNext(3);
      dv.faults.clear();
      expect((await api.call('WhoAmI', { token: aliceToken })).status).toBe(200);
      // A delayed answer is late on the emulator's clock, which the test's ManualClock (spendDelaysAtOnce) spends at once.
      dv.faults.delayNext(150);
      const before = clock.now();
      expect((await api.call('WhoAmI', { token: aliceToken })).status).toBe(200);
      expect(clock.now() - before).toBe(150);
    });
  });

  describe('field-level security', () => {
    it('reads a secured field as null, refuses writing it with 403, and reports it by IsSecured and RetrievePrincipalAttributePrivileges', async () => {
      const profile = await store.createFieldSecurityProfile({
        name: 'Revenue readers',
        fields: { account: { revenue: { read: true, create: true, update: true } } },
      });
      await store.addFieldSecurityProfileMember(profile, await userId('admin'));
      const id = randomUUID();
      expect((await api.call('accounts', { method: 'POST', token: adminToken, body: { accountid: id, name: 'Secret Revenue', revenue: 99 } })).status).toBe(
        204,
      );
      await store.share('account', id, await userId('alice'));
      const asAlice = await api.call(`accounts(${id})?$select=name,revenue`, { token: aliceToken });
      expect(asAlice.json).toMatchObject({ name: 'Secret Revenue', revenue: null });
      expect((await api.call(`accounts(${id})?$select=revenue`, { token: adminToken })).json['revenue']).toBe(99);
      const own = randomUUID();
      await api.call('accounts', { method: 'POST', token: aliceToken, body: { accountid: own, name: 'Mine' } });
      const write = await api.call(`accounts(${own})`, { method: 'PATCH', token: aliceToken, body: { revenue: 5 } });
      expect(write.status).toBe(403);
      expect((write.json['error'] as { code: string }).code).toBe('0x80040220');
      const attributes = await api.call("EntityDefinitions(LogicalName='account')/Attributes?$select=LogicalName,IsSecured", { token: aliceToken });
      const revenue = (attributes.json['value'] as { LogicalName: string; IsSecured: boolean; MetadataId: string }[]).find((a) => a.LogicalName === 'revenue')!;
      expect(revenue.IsSecured).toBe(true);
      const aliceRights = await api.call(`systemusers(${await userId('alice')})/Microsoft.Dynamics.CRM.RetrievePrincipalAttributePrivileges()`, {
        token: aliceToken,
      });
      expect(aliceRights.json['AttributePrivileges']).toEqual([{ AttributeId: revenue.MetadataId, CanCreate: 0, CanRead: 0, CanUpdate: 0 }]);
      const adminRights = await api.call(`systemusers(${await userId('admin')})/Microsoft.Dynamics.CRM.RetrievePrincipalAttributePrivileges()`, {
        token: aliceToken,
      });
      expect(adminRights.json['AttributePrivileges']).toEqual([{ AttributeId: revenue.MetadataId, CanCreate: 4, CanRead: 4, CanUpdate: 4 }]);
    });
  });
});
