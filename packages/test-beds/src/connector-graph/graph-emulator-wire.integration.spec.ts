import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { UndiciNetworkModule } from '@fieldsync/azure-ad-auth';
import { startGraphEmulator, type GraphEmulator } from '@fieldsync/emulator-graph';
import { ManualClock } from '@fieldsync/model';
import { AuthenticationHandler, Client, GraphError, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { Agent, fetch, request } from 'undici';

/** The Graph client's last middleware over undici with the emulator's CA (the global fetch cannot take one). */
class UndiciFetch implements Middleware {
  constructor(private readonly agent: Agent) {}
  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    context.response = (await fetch(url, { ...(context.options as object), dispatcher: this.agent } as Parameters<typeof fetch>[1])) as unknown as Response;
  }
}

// The Graph emulator's wire format, through the real @microsoft/microsoft-graph-client and msal-node (test-beds: it needs the shared msal network client).
describe('Graph emulator with the real Graph client and msal-node', () => {
  let emulator: GraphEmulator;
  let agent: Agent;
  let msal: ConfidentialClientApplication;

  const clientWith = (getAccessToken: () => Promise<string>) =>
    Client.initWithMiddleware({
      baseUrl: `${emulator.url}/`,
      customHosts: new Set(['127.0.0.1']),
      middleware: [new AuthenticationHandler({ getAccessToken }), new UndiciFetch(agent)],
    });
  const appClient = () => clientWith(async () => (await msal.acquireTokenByClientCredential({ scopes: [emulator.scope] }))?.accessToken ?? '');

  beforeEach(async () => {
    emulator = await startGraphEmulator({ clock: new ManualClock(Date.parse('2026-12-05T09:00:00Z'), { spendDelaysAtOnce: true }), pageSize: 2 });
    agent = new Agent({ connect: { ca: emulator.ca } });
    msal = new ConfidentialClientApplication({
      auth: {
        clientId: 'fieldsync',
        clientSecret: 'fieldsync-secret',
        authority: emulator.authority,
        knownAuthorities: [emulator.knownAuthority],
        authorityMetadata: emulator.authorityMetadata,
        cloudDiscoveryMetadata: emulator.cloudDiscoveryMetadata,
      },
      system: { networkClient: new UndiciNetworkModule(agent) },
    });
  });
  afterEach(async () => {
    await agent.close();
    await emulator.close();
  });

  it('answers sites by path and id, their drives, items by path, and children pages with @odata.nextLink', async () => {
    const site = emulator.store.addSite('contoso.sharepoint.com', '/sites/fieldsync', ['Documents', 'Archive']);
    const drive = emulator.store.drive(site.driveIds[0]);
    emulator.store.seed(
      drive,
      ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt'].map((name) => ({ path: `account/${name}`, content: name })),
    );
    const client = appClient();
    const bySitePath = (await client.api('/sites/contoso.sharepoint.com:/sites/fieldsync:').get()) as { id: string };
    expect(bySitePath.id).toBe(site.id);
    const drives = (await client.api(`/sites/${site.id}/drives`).get()) as { value: { name: string; driveType: string }[] };
    expect(drives.value.map((d) => [d.name, d.driveType])).toEqual([
      ['Documents', 'documentLibrary'],
      ['Archive', 'documentLibrary'],
    ]);
    const folder = (await client.api(`/drives/${drive.id}/root:/account:`).get()) as { folder: { childCount: number }; parentReference: { path: string } };
    expect(folder.folder.childCount).toBe(5);
    expect(folder.parentReference.path).toBe('/drive/root:');
    const names: string[] = [];
    let next: string | undefined = `/drives/${drive.id}/root:/account:/children`;
    let pages = 0;
    while (next) {
      const page = (await client.api(next).get()) as { value: { name: string; file: { mimeType: string } }[]; '@odata.nextLink'?: string };
      names.push(...page.value.map((item) => item.name));
      next = page['@odata.nextLink'];
      pages++;
    }
    expect(names).toEqual(['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt']);
    expect(pages).toBe(3);
  });

  it('creates folders with @microsoft.graph.conflictBehavior: fail answers 409 nameAlreadyExists, rename picks a new name', async () => {
    const site = emulator.store.addSite('contoso.sharepoint.com', '/sites/fieldsync');
    const client = appClient();
    const create = (behavior: string) =>
      client.api(`/sites/${site.id}/drive/root/children`).post({ name: 'account', folder: {}, '@microsoft.graph.conflictBehavior': behavior });
    expect(await create('fail')).toMatchObject({ name: 'account', folder: { childCount: 0 } });
    const refused = await create('fail').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GraphError);
    expect(refused).toMatchObject({ statusCode: 409, code: 'nameAlreadyExists' });
    expect(await create('rename')).toMatchObject({ name: 'account 1' });
  });

  it('delta gives a deltaLink whose token reads only later changes, and 410 resyncRequired once invalidated', async () => {
    const site = emulator.store.addSite('contoso.sharepoint.com', '/sites/fieldsync');
    const drive = emulator.store.drive(site.driveIds[0]);
    emulator.store.seed(drive, [{ path: 'a.txt', content: 'a' }]);
    const client = appClient();
    let page = (await client.api(`/drives/${drive.id}/root/delta`).get()) as {
      value: { name: string }[];
      '@odata.nextLink'?: string;
      '@odata.deltaLink'?: string;
    };
    const first = [...page.value.map((item) => item.name)];
    while (page['@odata.nextLink']) {
      page = (await client.api(page['@odata.nextLink']).get()) as typeof page;
      first.push(...page.value.map((item) => item.name));
    }
    expect(first.sort()).toEqual(['a.txt', 'root']);
    const deltaLink = page['@odata.deltaLink'] ?? '';
    expect(deltaLink).toMatch(/\/delta\?token=/);
    emulator.store.seed(drive, [{ path: 'b.txt', content: 'b' }]);
    const later = (await client.api(deltaLink).get()) as { value: { name: string; parentReference: { path?: string } }[] };
    expect(later.value.map((item) => item.name).sort()).toEqual(['b.txt', 'root']);
    expect(later.value[0].parentReference.path).toBeUndefined();
    emulator.invalidateDeltaTokens();
    const gone = await client
      .api(deltaLink)
      .get()
      .catch((error: unknown) => error);
    expect(gone).toMatchObject({ statusCode: 410, code: 'resyncRequired' });
  });

  it('serves @microsoft.graph.downloadUrl without a token, with Range (206) and 416 beyond the end', async () => {
    const site = emulator.store.addSite('contoso.sharepoint.com', '/sites/fieldsync');
    const drive = emulator.store.drive(site.driveIds[0]);
    emulator.store.seed(drive, [{ path: 'doc.pdf', content: 'hello, documents' }]);
    const item = (await appClient().api(`/drives/${drive.id}/root:/doc.pdf:`).get()) as Record<string, unknown>;
    expect(item).toMatchObject({ name: 'doc.pdf', size: 16, file: { mimeType: 'application/pdf' } });
    expect(String(item['eTag'])).toMatch(/^"\{.+\},\d+"$/);
    const url = String(item['@microsoft.graph.downloadUrl']);
    const ranged = await request(url, { dispatcher: agent, headers: { range: 'bytes=7-' } });
    expect(ranged.statusCode).toBe(206);
    expect(ranged.headers['content-range']).toBe('bytes 7-15/16');
    expect(await ranged.body.text()).toBe('documents');
    const beyond = await request(url, { dispatcher: agent, headers: { range: 'bytes=16-' } });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers['content-range']).toBe('bytes */16');
    await beyond.body.dump();
  });

  it('serves a file seeded from disk (size, sha1Hash, whole and ranged downloads streamed from the file), and a replace puts it back in memory', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-graph-disk-body-'));
    try {
      const bytes = Buffer.from(Array.from({ length: 600_000 }, (_, i) => (i * 31 + (i >> 11)) & 0xff));
      const file = path.join(dir, 'large.bin');
      writeFileSync(file, bytes);
      const site = emulator.store.addSite('contoso.sharepoint.com', '/sites/fieldsync');
      const drive = emulator.store.drive(site.driveIds[0]);
      const seeded = await emulator.store.seedFromDisk(drive, 'account/big/large.bin', file);
      expect(seeded.content.length).toBe(0);
      const client = appClient();
      const item = (await client.api(`/drives/${drive.id}/root:/account/big/large.bin:`).get()) as Record<string, unknown>;
      expect(item).toMatchObject({ size: bytes.length, file: { hashes: { sha1Hash: createHash('sha1').update(bytes).digest('hex').toUpperCase() } } });
      const url = String(item['@microsoft.graph.downloadUrl']);
      const whole = await request(url, { dispatcher: agent });
      expect(whole.statusCode).toBe(200);
      expect(whole.headers['content-length']).toBe(String(bytes.length));
      expect(Buffer.from(await whole.body.arrayBuffer()).equals(bytes)).toBe(true);
      const ranged = await request(url, { dispatcher: agent, headers: { range: 'bytes=500000-' } });
      expect(ranged.statusCode).toBe(206);
      expect(ranged.headers['content-range']).toBe(`bytes 500000-${bytes.length - 1}/${bytes.length}`);
      expect(Buffer.from(await ranged.body.arrayBuffer()).equals(bytes.subarray(500_000))).toBe(true);
      const beyond = await request(url, { dispatcher: agent, headers: { range: `bytes=${bytes.length}-` } });
      expect(beyond.statusCode).toBe(416);
      await beyond.body.dump();
      const folder = (await client.api(`/drives/${drive.id}/root:/account:`).get()) as Record<string, unknown>;
      expect(folder['size']).toBe(bytes.length);
      // A new content replaces the file on disk: the item's bytes are in memory again.
      emulator.store.seed(drive, [{ path: 'account/big/large.bin', content: 'small now' }]);
      const replaced = (await client.api(`/drives/${drive.id}/root:/account/big/large.bin:`).get()) as Record<string, unknown>;
      expect(replaced['size']).toBe(9);
      const again = await request(String(replaced['@microsoft.graph.downloadUrl']), { dispatcher: agent });
      expect(await again.body.text()).toBe('small now');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('upload sessions take fragments in multiples of 320 KiB and answer 202 with nextExpectedRanges, then 201 with the item', async () => {
    const site = emulator.store.addSite('contoso.sharepoint.com', '/sites/fieldsync');
    const drive = emulator.store.drive(site.driveIds[0]);
    const session = (await appClient()
      .api(`/drives/${drive.id}/root:/big.bin:/createUploadSession`)
      .post({ item: { '@microsoft.graph.conflictBehavior': 'replace' } })) as {
      uploadUrl: string;
      nextExpectedRanges: string[];
    };
    expect(session.nextExpectedRanges).toEqual(['0-']);
    const unit = 320 * 1024;
    const bytes = Buffer.alloc(unit + 10, 7);
    const put = async (from: number, to: number) => {
      const answer = await request(session.uploadUrl, {
        method: 'PUT',
        dispatcher: agent,
        headers: { 'content-range': `bytes ${from}-${to}/${bytes.length}` },
        body: bytes.subarray(from, to + 1),
      });
      return { status: answer.statusCode, json: (await answer.body.json()) as Record<string, unknown> };
    };
    expect(await put(0, 999)).toMatchObject({ status: 400, json: { error: { code: 'invalidRequest' } } });
    expect(await put(0, unit - 1)).toMatchObject({ status: 202, json: { nextExpectedRanges: [`${unit}-${bytes.length - 1}`] } });
    expect(await put(0, unit - 1)).toMatchObject({ status: 416, json: { error: { code: 'invalidRange' } } });
    expect(await put(unit, bytes.length - 1)).toMatchObject({ status: 201, json: { name: 'big.bin', size: bytes.length } });
  });

  it('answers 429 and 503 with Retry-After in Graph error shape, and /me/drive for a user signed in on behalf of', async () => {
    const client = appClient();
    emulator.faults.throttle(1, 5);
    const throttled = await client
      .api('/users/alex@contoso.example/drive')
      .get()
      .catch((error: unknown) => error);
    expect(throttled).toMatchObject({ statusCode: 429, code: 'activityLimitReached' });
    expect((throttled as GraphError).headers?.get('Retry-After')).toBe('5');
    emulator.faults.unavailable(1);
    expect(
      await client
        .api('/users/alex@contoso.example/drive')
        .get()
        .catch((error: unknown) => error),
    ).toMatchObject({ statusCode: 503, code: 'serviceNotAvailable' });
    const meWithAppToken = await client
      .api('/me/drive')
      .get()
      .catch((error: unknown) => error);
    expect(meWithAppToken).toMatchObject({ statusCode: 400 });
    // A user's token (ROPC on the shared endpoint), exchanged on behalf of that user by msal-node.
    const form = new URLSearchParams({
      grant_type: 'password',
      client_id: 'fieldsync',
      username: 'alex@contoso.example',
      password: 'alex-password',
      scope: `${emulator.scope} openid profile offline_access`,
    });
    const ropc = await request(`${emulator.authority}/oauth2/v2.0/token`, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const userToken = ((await ropc.body.json()) as { access_token: string }).access_token;
    const onBehalf = clientWith(async () => (await msal.acquireTokenOnBehalfOf({ oboAssertion: userToken, scopes: [emulator.scope] }))?.accessToken ?? '');
    expect(await onBehalf.api('/me/drive').get()).toMatchObject({ driveType: 'business', owner: { user: { id: '8d2f5c52-52a7-4c43-9b1c-7d1b0f6b1a01' } } });
  });
});
