import { randomUUID } from 'node:crypto';
import { startGraphEmulator, type GraphEmulator, type StoredDrive } from '@fieldsync/emulator-graph';
import { createBridgeTestBed, type BridgeTestBed } from '@fieldsync/bridge-server/testing';

const PUBLISH = `mutation($input: PublishCustomizationInput!) { publishCustomization(input: $input) { customization { revision } userErrors { field code message } } }`;

interface ErrorAnswer {
  readonly errors: readonly { readonly message: string; readonly extensions: { readonly code: string } }[];
}
interface ListAnswer {
  readonly items: readonly { id: string; name: string; kind: string; size: number; eTag: string; lastModified: string }[];
  readonly warning?: { code: string; message: string };
}

/** The SharePoint folder Dynamics makes for a record, written out here as docs/documents.md describes it. */
const folderOf = (name: string, id: string) => `account/${name.replace(/["*:<>?/\\|#%]/g, '_')}_${id.replace(/-/g, '').toUpperCase()}`;

describe('bridge document routes over the Graph emulator (SharePoint and OneDrive)', () => {
  let graph: GraphEmulator;
  let bed: BridgeTestBed;
  let library: StoredDrive;

  beforeAll(async () => {
    graph = await startGraphEmulator({});
    const site = graph.store.addSite('contoso.sharepoint.com', '/sites/fieldsync', ['Documents']);
    library = graph.store.drive(site.driveIds[0]);
    bed = await createBridgeTestBed(':memory:', {
      records: 200,
      documents: {
        tenantId: graph.tenantId,
        clientId: 'fieldsync',
        clientSecret: 'fieldsync-secret',
        graphUrl: graph.url,
        scope: graph.scope,
        ca: graph.ca,
        authority: {
          authority: graph.authority,
          knownAuthorities: [graph.knownAuthority],
          authorityMetadata: graph.authorityMetadata,
          cloudDiscoveryMetadata: graph.cloudDiscoveryMetadata,
        },
        oneDriveUser: 'alex@contoso.example',
      },
    });
  });
  afterAll(async () => {
    await bed?.close();
    await graph?.close();
  });

  async function publish(documents: unknown): Promise<void> {
    const answer = await bed.gql(
      PUBLISH,
      { input: { content: { entities: [{ entity: 'account', documents }] }, roles: [{ role: 'Salesperson', priority: 60 }] } },
      await bed.admin(),
    );
    expect(answer.data.publishCustomization.userErrors).toEqual([]);
  }

  /** Accounts alice can read and one she cannot, as the CRM decides. */
  async function accounts(): Promise<{ readable: { id: string; name: string }; hidden?: { id: string; name: string } }> {
    const admin = await bed.crm.principalOf((await bed.crm.findUserByName('admin'))!.id);
    const page = await bed.crm.readFull(admin, { entity: 'account', fields: ['accountid', 'name'], limit: 200 });
    const alice = await bed.crm.principalOf((await bed.crm.findUserByName('alice'))!.id);
    const access = await bed.crm.recordAccess(
      alice,
      'account',
      page.records.map((record) => record.id),
    );
    const byId = new Map(page.records.map((record) => [record.id, String(record.fields['name'])]));
    const readable = access.find((entry) => entry.read)!;
    const hidden = access.find((entry) => !entry.read);
    return { readable: { id: readable.id, name: byId.get(readable.id)! }, ...(hidden ? { hidden: { id: hidden.id, name: byId.get(hidden.id)! } } : {}) };
  }

  it("lists a readable record's SharePoint folder and streams a file with Range; another's record and a foreign item get 404 and no bytes", async () => {
    await publish({ backend: 'sharepoint', site: 'contoso.sharepoint.com:/sites/fieldsync:', library: 'Documents' });
    const { readable, hidden } = await accounts();
    graph.store.seed(library, [
      { path: `${folderOf(readable.name, readable.id)}/offer.pdf`, content: 'offer body 0123456789' },
      { path: `${folderOf(readable.name, readable.id)}/photos/site.jpg`, content: Buffer.alloc(3000, 7) },
      { path: 'elsewhere/secret.txt', content: 'not for devices' },
    ]);
    const phone = await bed.device('alice', 'alice-docs');
    const auth = { authorization: `Bearer ${phone}` };

    const listed = await fetch(`${bed.bridge.url}/documents/account/${readable.id}`, { headers: auth });
    expect(listed.status).toBe(200);
    const { items } = (await listed.json()) as ListAnswer;
    expect(items.map((item) => `${item.kind}:${item.name}:${item.size}`).sort()).toEqual(['file:offer.pdf:21', 'file:site.jpg:3000', 'folder:photos:3000']);
    const offer = items.find((item) => item.name === 'offer.pdf')!;
    expect(offer.eTag).not.toBe('');
    expect(Date.parse(offer.lastModified)).not.toBeNaN();

    const whole = await fetch(`${bed.bridge.url}/documents/account/${readable.id}/${offer.id}`, { headers: auth });
    expect(whole.status).toBe(200);
    expect(await whole.text()).toBe('offer body 0123456789');
    const part = await fetch(`${bed.bridge.url}/documents/account/${readable.id}/${offer.id}`, { headers: { ...auth, range: 'bytes=11-' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 11-20/21');
    expect(await part.text()).toBe('0123456789');

    const secret = graph.store.itemAtPath(library, 'elsewhere/secret.txt');
    const foreign = await fetch(`${bed.bridge.url}/documents/account/${readable.id}/${secret.id}`, { headers: auth });
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as ErrorAnswer).errors[0].extensions.code).toBe('DOCUMENT_NOT_FOUND');

    const missing = await fetch(`${bed.bridge.url}/documents/account/${randomUUID()}`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ErrorAnswer).errors[0].extensions.code).toBe('RECORD_NOT_FOUND');
    expect(hidden).toBeDefined();
    if (hidden) {
      graph.store.seed(library, [{ path: `${folderOf(hidden.name, hidden.id)}/private.txt`, content: 'private' }]);
      const item = graph.store.itemAtPath(library, `${folderOf(hidden.name, hidden.id)}/private.txt`);
      const refused = await fetch(`${bed.bridge.url}/documents/account/${hidden.id}/${item.id}`, { headers: auth });
      expect(refused.status).toBe(404);
      expect(await refused.text()).not.toContain('private"');
    }
    expect((await fetch(`${bed.bridge.url}/documents/account/${readable.id}`)).status).toBe(401);
  });

  it('answers a OneDrive whose root folder is missing with no items and the onedrive-root-missing warning', async () => {
    await publish({ backend: 'onedrive', root: 'Fieldsync Records' });
    const { readable } = await accounts();
    const phone = await bed.device('alice', 'alice-docs-2');
    const listed = await fetch(`${bed.bridge.url}/documents/account/${readable.id}`, { headers: { authorization: `Bearer ${phone}` } });
    expect(listed.status).toBe(200);
    const answer = (await listed.json()) as ListAnswer;
    expect(answer.items).toEqual([]);
    expect(answer.warning?.code).toBe('onedrive-root-missing');
  });

  it('answers 404 DOCUMENTS_NOT_CONFIGURED for an entity whose customization names no document backend', async () => {
    await publish(undefined);
    const { readable } = await accounts();
    const phone = await bed.device('alice', 'alice-docs-3');
    const listed = await fetch(`${bed.bridge.url}/documents/account/${readable.id}`, { headers: { authorization: `Bearer ${phone}` } });
    expect(listed.status).toBe(404);
    expect(((await listed.json()) as ErrorAnswer).errors[0].extensions.code).toBe('DOCUMENTS_NOT_CONFIGURED');
  });
});
