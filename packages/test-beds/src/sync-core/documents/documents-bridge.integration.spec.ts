import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BridgeDocumentsOptions } from '@fieldsync/bridge-server';
import { createBridgeConnector, GraphqlClient } from '@fieldsync/connector-bridge';
import { startGraphEmulator, type GraphEmulator, type StoredDrive } from '@fieldsync/emulator-graph';
import { openSyncEngine, type SyncEngine } from '@fieldsync/sync-core';
import { createFileBlobStorage, filesDirBeside, openDeviceDatabase, readFileChunks as readPath } from '@fieldsync/sync-core/node';
import { startConformanceBridge, type ConformanceBridge } from '../../connector-bridge/start-conformance-bridge';
import { startFaultProxy, type FaultProxy } from '../../wire/fault-proxy';
import { createHash } from 'node:crypto';
import { contentSha1 } from '@fieldsync/emulator-graph';

/** alice's role, to which the customization is assigned. */
const ALICE_ROLE = 'conformance salesperson';
/** bob's role: reads the business unit's records, writes none. */
const BOB_ROLE = 'conformance viewer';

/** A record's SharePoint folder as docs/documents.md tells an admin to expect it: `<entity>/<name>_<ID WITHOUT DASHES>`. */
const sharePointFolder = (name: string, id: string) => `account/${name}_${id.replace(/-/g, '').toUpperCase()}`;

/** The bridge's Graph backend: the emulator's tenant, app, URL and CA. */
function graphBackend(graph: GraphEmulator): BridgeDocumentsOptions {
  return {
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
  };
}

describe('SharePoint / OneDrive documents reach a device: Graph emulator, a real bridge, a device engine', () => {
  let graph: GraphEmulator;
  let bridge: ConformanceBridge;
  let dir: string;
  const closers: (() => Promise<unknown>)[] = [];

  async function start(documents: unknown, blobStoreFilter?: string, withGraph = true): Promise<void> {
    graph = await startGraphEmulator({});
    bridge = await startConformanceBridge(withGraph ? { documents: graphBackend(graph) } : {});
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldsync-documents-'));
    const admin = createBridgeConnector({ url: bridge.url, userName: 'admin', password: bridge.password, clock: bridge.clock });
    const client = new GraphqlClient({ url: bridge.url });
    try {
      const token = (await admin.signIn()).accessToken;
      const answer = (await client.request(
        {
          operationName: 'Publish',
          query: `mutation Publish($input: PublishCustomizationInput!) { publishCustomization(input: $input) { userErrors { code message } } }`,
          variables: {
            input: {
              content: { entities: [{ entity: 'account', documents }], settings: {}, ...(blobStoreFilter ? { blobStoreFilter } : {}) },
              roles: [
                { role: ALICE_ROLE, priority: 1 },
                { role: BOB_ROLE, priority: 2 },
              ],
            },
          },
        },
        token,
      )) as { publishCustomization: { userErrors: unknown[] } };
      expect(answer.publishCustomization.userErrors).toEqual([]);
    } finally {
      await admin.close();
      await client.close();
    }
  }

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await bridge?.close();
    await graph?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The files of a sync's tracking record, as the admin GraphQL API answers them. */
  async function trackedFiles(syncId: string): Promise<unknown> {
    const admin = createBridgeConnector({ url: bridge.url, userName: 'admin', password: bridge.password, clock: bridge.clock });
    const client = new GraphqlClient({ url: bridge.url });
    try {
      const token = (await admin.signIn()).accessToken;
      const counts = 'count bytes refused queued';
      const data = (await client.request(
        {
          operationName: 'Syncs',
          query: `query Syncs { device(deviceId: "phone-1") { syncs(first: 20) { edges { node { syncId files { ${counts} attachments { ${counts} } documents { ${counts} } } } } } } }`,
          variables: {},
        },
        token,
      )) as { device: { syncs: { edges: Array<{ node: { syncId: string; files: unknown } }> } } };
      return data.device.syncs.edges.find((edge) => edge.node.syncId === syncId)?.node.files;
    } finally {
      await admin.close();
      await client.close();
    }
  }

  async function device(parallel?: number, as: { user?: string; url?: string; deviceId?: string } = {}): Promise<{ engine: SyncEngine; file: string }> {
    const deviceId = as.deviceId ?? 'phone-1';
    const connector = createBridgeConnector({
      url: as.url ?? bridge.url,
      userName: as.user ?? 'alice',
      password: bridge.password,
      deviceId,
      clock: bridge.clock,
    });
    closers.push(() => connector.close());
    await connector.registerDevice({ deviceId, name: 'phone', os: 'Android 15', appVersion: '1.4.0' });
    const file = path.join(dir, `${deviceId}.db`);
    const db = await openDeviceDatabase(file);
    closers.push(() => db.destroy());
    const engine = await openSyncEngine({
      db,
      connector,
      channel: connector,
      clock: bridge.clock,
      attachments: { storage: createFileBlobStorage(filesDirBeside(file)), readPath },
      ...(parallel !== undefined ? { documents: { parallel } } : {}),
    });
    return { engine, file };
  }

  it("syncs a record's SharePoint folder, downloads only the file that changed, and removes the documents of a record that left", async () => {
    await start({ backend: 'sharepoint', site: 'contoso.sharepoint.com:/sites/fieldsync:', library: 'Documents' });
    const site = graph.store.addSite('contoso.sharepoint.com', '/sites/fieldsync', ['Documents']);
    const library: StoredDrive = graph.store.drive(site.driveIds[0]);
    const [contoso, fabrikam] = await bridge.control.seed('account', [{ name: 'Contoso' }, { name: 'Fabrikam' }], 'alice');
    const offer = Buffer.from('the offer, version 1');
    const photo = Buffer.alloc(70_000, 3);
    graph.store.seed(library, [
      { path: `${sharePointFolder('Contoso', contoso!)}/offer.pdf`, content: offer },
      { path: `${sharePointFolder('Contoso', contoso!)}/site/photo.jpg`, content: photo },
      { path: `${sharePointFolder('Fabrikam', fabrikam!)}/contract.docx`, content: 'contract' },
    ]);

    const { engine } = await device(2);
    const first = await engine.sync();
    expect(first.result).toBe('ok');
    const docs = await engine.documents.list('account', contoso!);
    expect(docs.map((doc) => [doc.path, doc.status, doc.size])).toEqual([
      ['offer.pdf', 'downloaded', offer.length],
      ['site/photo.jpg', 'downloaded', photo.length],
    ]);
    expect(fs.readFileSync(docs[0].location!).equals(offer)).toBe(true);
    expect(fs.readFileSync(docs[1].location!).equals(photo)).toBe(true);
    expect(docs[1].hash).toMatch(/^[0-9a-f]{64}$/);
    const read = await engine.documents.read('account', contoso!, 'offer.pdf');
    const chunks: Buffer[] = [];
    for await (const chunk of read!) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).equals(offer)).toBe(true);
    expect((await engine.documents.list('account', fabrikam!)).map((doc) => doc.name)).toEqual(['contract.docx']);
    // The sync's files count the documents, in its result, its log and the tracking record the bridge keeps.
    const documents = { count: 3, bytes: offer.length + photo.length + 'contract'.length, refused: 0, queued: 0 };
    expect(first.files).toEqual({ ...documents, documents });
    const line = `count:3 bytes:${documents.bytes} refused:0 queued:0`;
    expect(first.log).toContain(`files ${line} documents[${line}]`);
    expect(await trackedFiles(first.syncId)).toEqual({ ...documents, attachments: null, documents });

    // A file changes in SharePoint: the next sync downloads it, and only it.
    const changed = Buffer.from('the offer, version 2, longer');
    graph.store.seed(library, [{ path: `${sharePointFolder('Contoso', contoso!)}/offer.pdf`, content: changed }]);
    const downloadsBefore = graph.requestCount('download');
    await bridge.control.advanceClock(60_000);
    const second = await engine.sync();
    expect(second.result).toBe('ok');
    expect(graph.requestCount('download') - downloadsBefore).toBe(1);
    const one = { count: 1, bytes: changed.length, refused: 0, queued: 0 };
    expect(second.files).toEqual({ ...one, documents: one });
    const offerAfter = await engine.documents.get('account', contoso!, 'offer.pdf');
    expect(offerAfter).toMatchObject({ status: 'downloaded', size: changed.length });
    expect(fs.readFileSync(offerAfter!.location!).equals(changed)).toBe(true);
    expect(await engine.documents.get('account', contoso!, 'site/photo.jpg')).toEqual(docs[1]);

    // Fabrikam leaves the device: its documents go, from the table and the disk.
    const fabrikamFile = (await engine.documents.list('account', fabrikam!))[0].location!;
    expect(fs.existsSync(fabrikamFile)).toBe(true);
    await bridge.control.remove('account', fabrikam!, 'admin');
    await bridge.control.advanceClock(60_000);
    expect((await engine.sync()).result).toBe('ok');
    expect(await engine.documents.list('account', fabrikam!)).toEqual([]);
    expect(fs.existsSync(fabrikamFile)).toBe(false);
    expect(await engine.documents.list('account', contoso!)).toHaveLength(2);
  });

  it('treats a OneDrive whose root folder is missing as a warning that skips document sync, not an error', async () => {
    await start({ backend: 'onedrive', root: 'Fieldsync' });
    graph.store.oneDriveOf('8d2f5c52-52a7-4c43-9b1c-7d1b0f6b1a01');
    await bridge.control.seed('account', [{ name: 'Contoso' }], 'alice');
    const { engine } = await device();
    const synced = await engine.sync();
    expect(synced.result).toBe('warnings');
    expect(synced.warnings.map((warning) => warning.code)).toEqual(['onedrive-root-missing']);
    expect(await engine.documents.list()).toEqual([]);
    expect(await engine.records.list('account')).toHaveLength(1);
  });

  it("applies the FilesFilter's MaxFileSize and file types, and resumes a cut download at the next sync from the bytes kept", async () => {
    const filter = `<BlobStoreFilter><FilesFilter><MaxFileSize>3000000</MaxFileSize><Filters><BlobStoreFileTypeFilter><FileSuffix>exe</FileSuffix><MaxFileSize>0</MaxFileSize></BlobStoreFileTypeFilter></Filters></FilesFilter></BlobStoreFilter>`;
    await start({ backend: 'sharepoint', site: 'contoso.sharepoint.com:/sites/fieldsync:', library: 'Documents' }, filter);
    const site = graph.store.addSite('contoso.sharepoint.com', '/sites/fieldsync', ['Documents']);
    const library: StoredDrive = graph.store.drive(site.driveIds[0]);
    const [contoso] = await bridge.control.seed('account', [{ name: 'Contoso' }], 'alice');
    const big = Buffer.from(Array.from({ length: 2_500_000 }, (_, i) => (i * 31) & 0xff));
    graph.store.seed(library, [
      { path: `${sharePointFolder('Contoso', contoso!)}/survey.bin`, content: big },
      { path: `${sharePointFolder('Contoso', contoso!)}/huge.pdf`, content: Buffer.alloc(3_000_001, 1) },
      { path: `${sharePointFolder('Contoso', contoso!)}/setup.exe`, content: 'MZ' },
    ]);
    const { engine, file } = await device();

    // The first sync is cancelled once the document step has received some of survey.bin.
    const cancel = new AbortController();
    const cut = await engine.sync({
      signal: cancel.signal,
      onProgress: (progress) => {
        if (progress.step === 'documents' && (progress.bytes ?? 0) > 0) cancel.abort();
      },
    });
    expect(cut.result).toBe('failed');
    const part = path.join(filesDirBeside(file), 'Blob', 'documents.account', `${contoso}.`);
    const survey = await engine.documents.get('account', contoso!, 'survey.bin');
    expect(survey?.status).toBe('queued');
    const kept = fs.statSync(`${part}${survey!.itemId}.part`).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(big.length);

    const resumed = await engine.sync();
    expect(resumed.result).toBe('ok');
    const done = await engine.documents.get('account', contoso!, 'survey.bin');
    expect(done?.status).toBe('downloaded');
    expect(fs.readFileSync(done!.location!).equals(big)).toBe(true);
    expect(fs.existsSync(`${part}${survey!.itemId}.part`)).toBe(false);
    const others = (await engine.documents.list('account', contoso!)).filter((doc) => doc.path !== 'survey.bin');
    expect(others.map((doc) => [doc.path, doc.status])).toEqual([
      ['huge.pdf', expect.stringMatching(/^(on-demand|refused)$/)],
      ['setup.exe', 'refused'],
    ]);
    expect(others.every((doc) => doc.location === undefined && doc.reason !== undefined)).toBe(true);
    // The resumed sync's files: survey.bin downloaded, the two files the filter left on the server refused.
    expect(resumed.files?.documents).toEqual({ count: 1, bytes: big.length, refused: 2, queued: 0 });
  });

  it('syncs the data with a warning when the bridge has no document backend for a customization that names one', async () => {
    await start({ backend: 'sharepoint', site: 'contoso.sharepoint.com:/sites/fieldsync:' }, undefined, false);
    await bridge.control.seed('account', [{ name: 'Contoso' }, { name: 'Fabrikam' }], 'alice');
    const { engine } = await device();
    const synced = await engine.sync();
    expect(synced.result).toBe('warnings');
    expect(synced.warnings.map((warning) => warning.code)).toEqual(['DOCUMENTS_NOT_CONFIGURED']);
    expect(await engine.records.list('account')).toHaveLength(2);
    expect(graph.requestCount()).toBe(0);
  });

  describe('documents put on the device', () => {
    const sharePoint = { backend: 'sharepoint', site: 'contoso.sharepoint.com:/sites/fieldsync:', library: 'Documents' };
    const sha1 = (bytes: Buffer) => createHash('sha1').update(bytes).digest('hex').toUpperCase();
    const sample = (size: number, seed: number) => Buffer.from(Array.from({ length: size }, (_, i) => (i * 7 + seed) & 0xff));

    async function setUp(): Promise<{ library: StoredDrive; contoso: string }> {
      await start(sharePoint);
      const site = graph.store.addSite('contoso.sharepoint.com', '/sites/fieldsync', ['Documents']);
      const [contoso] = await bridge.control.seed('account', [{ name: 'Contoso' }], 'alice');
      return { library: graph.store.drive(site.driveIds[0]), contoso: contoso! };
    }

    it('uploads a 2 MB file into the record folder after a sync, lists it as downloaded and never downloads it back', async () => {
      const { library, contoso } = await setUp();
      const { engine } = await device();
      expect((await engine.sync()).result).toBe('ok');
      const bytes = sample(2 * 1024 * 1024, 3);
      const source = path.join(dir, 'survey.bin');
      fs.writeFileSync(source, bytes);
      const pending = await engine.documents.put('account', contoso, 'survey.bin', source);
      expect(pending).toMatchObject({ entity: 'account', recordId: contoso, fileName: 'survey.bin', size: bytes.length });
      expect(await engine.documents.pending()).toHaveLength(1);

      const downloadsBefore = graph.requestCount('download');
      const synced = await engine.sync();
      expect(synced.warnings).toEqual([]);
      expect(synced.result).toBe('ok');
      // The emulator holds the file, byte for byte, in the record's folder.
      const stored = graph.store.itemAtPath(library, `${sharePointFolder('Contoso', contoso)}/survey.bin`);
      expect(contentSha1(stored)).toBe(sha1(bytes));
      expect(await engine.documents.pending()).toEqual([]);
      const listed = await engine.documents.get('account', contoso, 'survey.bin');
      expect(listed).toMatchObject({ status: 'downloaded', size: bytes.length, itemId: stored.id });
      expect(fs.readFileSync(listed!.location!).equals(bytes)).toBe(true);
      expect(synced.files?.documents).toEqual({ count: 1, bytes: bytes.length, refused: 0, queued: 0 });
      // Neither this sync nor the next fetch it back.
      await bridge.control.advanceClock(60_000);
      expect((await engine.sync()).result).toBe('ok');
      expect(graph.requestCount('download')).toBe(downloadsBefore);
      expect(await engine.documents.get('account', contoso, 'survey.bin')).toEqual(listed);
    });

    it('uploads the document of a record created offline once the record exists on the server', async () => {
      const { library } = await setUp();
      const { engine } = await device();
      expect((await engine.sync()).result).toBe('ok');
      const id = await engine.records.create('account', { name: 'Northwind' });
      await engine.documents.put(
        'account',
        id,
        'visit.txt',
        (async function* () {
          yield Buffer.from('visit report');
        })(),
      );
      expect((await engine.sync()).result).toBe('ok');
      const [onServer] = (await engine.records.list('account')).filter((record) => record.fields.name === 'Northwind');
      const stored = graph.store.itemAtPath(library, `${sharePointFolder('Northwind', onServer!.id)}/visit.txt`);
      expect(stored.content.toString()).toBe('visit report');
      expect((await engine.documents.list('account', onServer!.id)).map((doc) => [doc.name, doc.status])).toEqual([['visit.txt', 'downloaded']]);
    });

    it('stores one file when the answer to the commit is lost', async () => {
      const { library, contoso } = await setUp();
      const proxy: FaultProxy = await startFaultProxy({
        target: bridge.url,
        dialect: {
          isApi: (request) => request.method === 'PUT' && request.path.startsWith('/uploads/'),
          isToken: () => false,
          rateLimitAnswer: (retryAfterMs) => ({ status: 429, headers: { 'retry-after': String(retryAfterMs / 1000) }, body: {} }),
          failureAnswer: () => ({ status: 500, body: {} }),
          refusedTokenAnswer: () => ({ status: 401, body: {} }),
          countRecords: () => 0,
          rewritesAnswer: () => false,
        },
      });
      closers.push(() => proxy.close());
      const { engine } = await device(undefined, { url: proxy.url });
      expect((await engine.sync()).result).toBe('ok');
      // One chunk: its PUT is the commit, whose answer the proxy drops after the bridge stored the file.
      const bytes = sample(600_000, 9);
      const source = path.join(dir, 'signed.pdf');
      fs.writeFileSync(source, bytes);
      await engine.documents.put('account', contoso, 'signed.pdf', source);
      proxy.loseNextWriteResponse();
      const synced = await engine.sync();
      expect(synced.result).toBe('ok');
      const folder = graph.store.itemAtPath(library, sharePointFolder('Contoso', contoso));
      expect(graph.store.children(library, folder.id).map((item) => item.name)).toEqual(['signed.pdf']);
      expect(contentSha1(graph.store.child(library, folder.id, 'signed.pdf')!)).toBe(sha1(bytes));
      expect((await engine.documents.list('account', contoso)).map((doc) => [doc.name, doc.status])).toEqual([['signed.pdf', 'downloaded']]);
    });

    it('refuses the upload for a record the user may read but not write, keeping the file queued with the reason', async () => {
      const { library, contoso } = await setUp();
      const { engine } = await device(undefined, { user: 'bob', deviceId: 'phone-bob' });
      expect((await engine.sync()).result).toBe('ok');
      expect(await engine.records.get('account', contoso)).toBeDefined();
      await engine.documents.put(
        'account',
        contoso,
        'notes.txt',
        (async function* () {
          yield Buffer.from('not mine');
        })(),
      );
      const synced = await engine.sync();
      expect(synced.result).toBe('warnings');
      expect(synced.warnings.map((warning) => warning.code)).toEqual(['PERMISSION_DENIED']);
      const folder = graph.store.itemAtPath(library, sharePointFolder('Contoso', contoso));
      expect(graph.store.children(library, folder.id)).toEqual([]);
      expect(await engine.documents.pending()).toEqual([expect.objectContaining({ fileName: 'notes.txt', reason: expect.stringMatching(/may not write/) })]);
      expect(synced.files?.documents).toEqual({ count: 0, bytes: 0, refused: 0, queued: 1 });
    });

    it('refuses bad input with INVALID_DOCUMENT_PUT and changes nothing: a missing file, an entity without documents, a record not on the device', async () => {
      const { contoso } = await setUp();
      const { engine, file } = await device();
      expect((await engine.sync()).result).toBe('ok');
      // The files kept (an empty folder made for the copy may stay).
      const blobs = () =>
        fs.existsSync(filesDirBeside(file))
          ? (fs.readdirSync(filesDirBeside(file), { recursive: true }) as string[])
              .filter((name) => fs.statSync(path.join(filesDirBeside(file), name)).isFile())
              .sort()
          : [];
      const before = blobs();
      const missing = path.join(dir, 'nowhere.pdf');
      await expect(engine.documents.put('account', contoso, 'nowhere.pdf', missing)).rejects.toMatchObject({
        code: 'INVALID_DOCUMENT_PUT',
        details: { entity: 'account', id: contoso, reason: expect.stringContaining(missing) },
      });
      await expect(engine.documents.put('contact', contoso, 'a.pdf', missing)).rejects.toMatchObject({
        code: 'INVALID_DOCUMENT_PUT',
        details: { reason: expect.stringContaining("'contact' has no document backend") },
      });
      await expect(engine.documents.put('account', '9b1c6f0e-0000-4000-8000-000000000000', 'a.pdf', missing)).rejects.toMatchObject({
        code: 'INVALID_DOCUMENT_PUT',
        details: { reason: expect.stringContaining('is not on this device') },
      });
      await expect(engine.documents.put('account', contoso, 'a/b.pdf', missing)).rejects.toMatchObject({ code: 'INVALID_DOCUMENT_PUT' });
      expect(await engine.documents.pending()).toEqual([]);
      expect(blobs()).toEqual(before);
    });
  });
});
