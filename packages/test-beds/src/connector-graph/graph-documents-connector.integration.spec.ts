import { AuthFailedError, type DocumentRecord } from '@fieldsync/connector-api';
import { createGraphDocumentsConnector, type GraphDocumentsConfig, type GraphDocumentsConnector } from '@fieldsync/connector-graph';
import { ConformanceClock } from '@fieldsync/connector-testkit';
import { startGraphEmulator, type GraphEmulator } from '@fieldsync/emulator-graph';
import { Agent, request } from 'undici';

const ACCOUNT: DocumentRecord = { entity: 'account', id: '5c1f0a52-7d3e-4b8a-9c11-0a2b3c4d5e6f', name: 'Contoso' };

// What the documents conformance suite does not cover: on-behalf-of sign-in, document locations, 503 with Retry-After, a refused secret.
describe('Graph documents connector against the Graph emulator', () => {
  let emulator: GraphEmulator;
  let clock: ConformanceClock;
  const connectors: GraphDocumentsConnector[] = [];

  const connect = (overrides: Partial<GraphDocumentsConfig>): GraphDocumentsConnector => {
    const connector = createGraphDocumentsConnector({
      credentials: { tenantId: emulator.tenantId, clientId: 'fieldsync', clientSecret: 'fieldsync-secret' },
      authority: {
        authority: emulator.authority,
        knownAuthorities: [emulator.knownAuthority],
        authorityMetadata: emulator.authorityMetadata,
        cloudDiscoveryMetadata: emulator.cloudDiscoveryMetadata,
      },
      graphUrl: emulator.url,
      scope: emulator.scope,
      ca: emulator.ca,
      clock,
      target: { kind: 'sharepoint', site: 'contoso.sharepoint.com:/sites/fieldsync:' },
      ...overrides,
    });
    connectors.push(connector);
    return connector;
  };

  beforeEach(async () => {
    clock = new ConformanceClock(Date.parse('2026-12-05T09:00:00Z'));
    emulator = await startGraphEmulator({ clock });
    emulator.store.addSite('contoso.sharepoint.com', '/sites/fieldsync', ['Documents']);
  });
  afterEach(async () => {
    for (const connector of connectors.splice(0)) await connector.close();
    await emulator.close();
  });

  it("signs in on behalf of a user and keeps documents in that user's own OneDrive (/me/drive)", async () => {
    const agent = new Agent({ connect: { ca: emulator.ca } });
    const form = new URLSearchParams({
      grant_type: 'password',
      client_id: 'fieldsync',
      username: 'alex@contoso.example',
      password: 'alex-password',
      scope: emulator.scope,
    });
    const answer = await request(`${emulator.authority}/oauth2/v2.0/token`, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const userAssertion = ((await answer.body.json()) as { access_token: string }).access_token;
    await agent.close();
    const drive = emulator.store.oneDriveOf('8d2f5c52-52a7-4c43-9b1c-7d1b0f6b1a01');
    emulator.store.ensureFolder(drive, 'Fieldsync');
    const connector = connect({
      credentials: { tenantId: emulator.tenantId, clientId: 'fieldsync', clientSecret: 'fieldsync-secret', userAssertion },
      target: { kind: 'onedrive', root: 'Fieldsync' },
    });
    expect(await connector.ensureRecordFolder(ACCOUNT)).toMatchObject({ kind: 'folder', created: true });
    expect(emulator.store.itemAtPath(drive, `Fieldsync/account/Contoso_${ACCOUNT.id}`).isFolder).toBe(true);
  });

  it("uses a record's sharepointdocumentlocation folder when one is given", async () => {
    const connector = connect({
      target: {
        kind: 'sharepoint',
        site: 'contoso.sharepoint.com:/sites/fieldsync:',
        documentLocations: [{ entity: 'account', recordId: ACCOUNT.id.toUpperCase(), relativeUrl: '/account/Contoso Ltd/' }],
      },
    });
    expect(await connector.ensureRecordFolder(ACCOUNT)).toMatchObject({ kind: 'folder', folder: { path: 'account/Contoso Ltd' } });
  });

  it('waits out a 503 Retry-After on the clock, and sends a read again after a 503 without one', async () => {
    const connector = connect({ retry: { maxTransientRetries: 2 } });
    await connector.ensureRecordFolder(ACCOUNT);
    clock.resetWaits();
    emulator.faults.unavailable(1, 3);
    emulator.faults.unavailable(1);
    expect((await connector.listFolder(ACCOUNT)).items).toEqual([]);
    expect(clock.waits()[0]).toBe(3000);
    expect(clock.waits()).toHaveLength(2);
  });

  it('names a refused client secret as AuthFailedError', async () => {
    const connector = connect({ credentials: { tenantId: emulator.tenantId, clientId: 'fieldsync', clientSecret: 'wrong' } });
    await expect(connector.listFolder(ACCOUNT)).rejects.toBeInstanceOf(AuthFailedError);
  });
});
