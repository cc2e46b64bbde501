import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createBridgeConnector, GraphqlClient, type BridgeConnector } from '@fieldsync/connector-bridge';
import { conformanceSchema } from '@fieldsync/connector-testkit';
import type { Schema } from '@fieldsync/model';
import { openSyncEngine, type SyncEngine } from '@fieldsync/sync-core';
import { createFileBlobStorage, filesDirBeside, openDeviceDatabase } from '@fieldsync/sync-core/node';
import { startConformanceBridge, type ConformanceBridge } from '../../connector-bridge/start-conformance-bridge';

/** alice's role, to which the customization is assigned. */
const ALICE_ROLE = 'conformance salesperson';

/** The conformance schema with Dataverse's `entityimage_timestamp` on account: accounts carry an entity image. */
const schemaWithImages: Schema = {
  ...conformanceSchema,
  entities: conformanceSchema.entities.map((entity) =>
    entity.name === 'account' ? { ...entity, fields: [...entity.fields, { name: 'entityimage_timestamp', type: 'int' as const, readOnly: true }] } : entity,
  ),
};

const png = (seed: number, length: number) => Uint8Array.from({ length }, (_, i) => (i * 7 + seed) & 0xff);

describe('entity images through a real bridge', () => {
  let bridge: ConformanceBridge;
  let dir: string;
  const closers: (() => Promise<unknown>)[] = [];

  beforeEach(async () => {
    bridge = await startConformanceBridge({ schema: schemaWithImages });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldsync-entity-images-'));
    const admin = createBridgeConnector({ url: bridge.url, userName: 'admin', password: bridge.password, clock: bridge.clock });
    const client = new GraphqlClient({ url: bridge.url });
    try {
      const token = (await admin.signIn()).accessToken;
      const answer = (await client.request(
        {
          operationName: 'Publish',
          query: `mutation Publish($input: PublishCustomizationInput!) { publishCustomization(input: $input) { userErrors { code message } } }`,
          variables: { input: { content: { entities: [{ entity: 'account' }], settings: {} }, roles: [{ role: ALICE_ROLE, priority: 1 }] } },
        },
        token,
      )) as { publishCustomization: { userErrors: unknown[] } };
      expect(answer.publishCustomization.userErrors).toEqual([]);
    } finally {
      await admin.close();
      await client.close();
    }
  });

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await bridge.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function putImage(id: string, body: Uint8Array): Promise<void> {
    const principal = await bridge.crm.principalOf(bridge.userIds.alice);
    await bridge.crm.putAttachment(principal, {
      entity: 'account',
      id,
      kind: 'image',
      fileName: 'entityimage.png',
      mimeType: 'image/png',
      body,
      idempotencyKey: `image-${id}-${body[0]}-${body.length}`,
    });
  }

  /** The files of a sync's tracking record, as the admin GraphQL API answers them. */
  async function trackedFiles(syncId: string): Promise<unknown> {
    const admin = createBridgeConnector({ url: bridge.url, userName: 'admin', password: bridge.password, clock: bridge.clock });
    const client = new GraphqlClient({ url: bridge.url });
    try {
      const token = (await admin.signIn()).accessToken;
      const data = (await client.request(
        {
          operationName: 'Syncs',
          query: `query Syncs { device(deviceId: "phone-1") { syncs(first: 20) { edges { node { syncId files { count bytes refused queued attachments { count bytes refused queued } documents { count } } } } } } }`,
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

  async function device(): Promise<{ engine: SyncEngine; file: string; connector: BridgeConnector }> {
    const connector = createBridgeConnector({ url: bridge.url, userName: 'alice', password: bridge.password, deviceId: 'phone-1', clock: bridge.clock });
    closers.push(() => connector.close());
    await connector.registerDevice({ deviceId: 'phone-1', name: 'phone', os: 'Android 15', appVersion: '1.4.0' });
    const file = path.join(dir, 'device.db');
    const db = await openDeviceDatabase(file);
    closers.push(() => db.destroy());
    const engine = await openSyncEngine({
      db,
      connector,
      channel: connector,
      clock: bridge.clock,
      attachments: { storage: createFileBlobStorage(filesDirBeside(file)) },
    });
    return { engine, file, connector };
  }

  it('queues the images of records whose entityimage timestamp changed, stores them under Blob/, and removes them with their record', async () => {
    const [withImage, changed, without] = await bridge.control.seed('account', [{ name: 'Contoso' }, { name: 'Fabrikam' }, { name: 'Litware' }], 'alice');
    await putImage(withImage!, png(1, 3000));
    await putImage(changed!, png(2, 70_000));
    const { engine, file } = await device();
    const synced = await engine.sync();
    expect(synced.result).toBe('ok');
    const images = { count: 2, bytes: 73_000, refused: 0, queued: 0 };
    expect(synced.files).toEqual({ ...images, attachments: images });
    // The tracking report carries the files; the bridge keeps them (per kind) and the admin API shows them.
    expect(await trackedFiles(synced.syncId)).toEqual({ ...images, attachments: images, documents: null });
    const first = await engine.attachments.list();
    expect(first.map((e) => [e.id, e.kind, e.status]).sort()).toEqual(
      [
        [withImage, 'image', 'downloaded'],
        [changed, 'image', 'downloaded'],
      ].sort(),
    );
    const blob = (id: string) => path.join(filesDirBeside(file), 'Blob', 'account', id);
    expect(fs.readFileSync(blob(changed!)).equals(Buffer.from(png(2, 70_000)))).toBe(true);
    expect(first.find((e) => e.id === changed)).toMatchObject({ mimeType: 'image/png', size: 70_000, path: blob(changed!) });
    expect(fs.existsSync(blob(without!))).toBe(false);

    // A new image changes the timestamp: fetched again; the other image is not read again.
    await putImage(changed!, png(3, 5000));
    await bridge.control.advanceClock(60_000);
    const before = first.find((e) => e.id === withImage)!;
    expect((await engine.sync()).result).toBe('ok');
    expect(fs.readFileSync(blob(changed!)).equals(Buffer.from(png(3, 5000)))).toBe(true);
    expect(await engine.attachments.get('account', changed!)).toMatchObject({ status: 'downloaded', size: 5000, kind: 'image' });
    expect(await engine.attachments.get('account', withImage!)).toEqual(before);

    // The record leaves the device: its image goes, from the table and the disk.
    await bridge.control.remove('account', withImage!, 'admin');
    await bridge.control.advanceClock(60_000);
    expect((await engine.sync()).result).toBe('ok');
    expect(await engine.attachments.get('account', withImage!)).toBeUndefined();
    expect(fs.existsSync(blob(withImage!))).toBe(false);
  });

  it('answers the image of a record on the attachment route with kind=image, authorised as the attachment route, and 404 for a record without one', async () => {
    const [id, bare] = await bridge.control.seed('account', [{ name: 'Contoso' }, { name: 'Fabrikam' }], 'alice');
    await putImage(id!, png(4, 1234));
    const { connector } = await device();
    const token = (await connector.signIn()).accessToken;
    const ok = await fetch(`${bridge.url}/attachments/account/${id}?kind=image`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer()).equals(Buffer.from(png(4, 1234)))).toBe(true);
    const anonymous = await fetch(`${bridge.url}/attachments/account/${id}?kind=image`);
    expect(anonymous.status).toBe(401);
    await anonymous.arrayBuffer();
    const missing = await fetch(`${bridge.url}/attachments/account/${bare}?kind=image`, { headers: { authorization: `Bearer ${token}` } });
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
    const bad = await fetch(`${bridge.url}/attachments/account/${id}?kind=thumbnail`, { headers: { authorization: `Bearer ${token}` } });
    expect(bad.status).toBe(400);
    await bad.arrayBuffer();
  });

  it('sends an ETag on the read route, answers If-None-Match with 304 and honours If-Range', async () => {
    const [id] = await bridge.control.seed('account', [{ name: 'Contoso' }], 'alice');
    await putImage(id!, png(5, 4000));
    const { connector } = await device();
    const token = (await connector.signIn()).accessToken;
    const url = `${bridge.url}/attachments/account/${id}?kind=image`;
    const get = async (headers: Record<string, string> = {}) => {
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, ...headers } });
      return { status: response.status, etag: response.headers.get('etag'), body: Buffer.from(await response.arrayBuffer()) };
    };
    const first = await get();
    expect(first.status).toBe(200);
    expect(first.etag).toMatch(/^".+"$/);
    expect((await connector.readAttachment({ entity: 'account', id: id!, kind: 'image' })).etag).toBe(first.etag);
    expect(await get({ 'if-none-match': first.etag! })).toMatchObject({ status: 304, etag: first.etag, body: Buffer.alloc(0) });
    expect(await get({ 'if-none-match': `"other", W/${first.etag!}` })).toMatchObject({ status: 304 });
    const ranged = await get({ range: 'bytes=1000-', 'if-range': first.etag! });
    expect(ranged.status).toBe(206);
    expect(ranged.body.equals(Buffer.from(png(5, 4000)).subarray(1000))).toBe(true);
    // A new image: the old tag no longer matches; If-Range sends the whole new body, If-None-Match sends it too.
    await putImage(id!, png(6, 3000));
    const stale = await get({ range: 'bytes=1000-', 'if-range': first.etag! });
    expect(stale.status).toBe(200);
    expect(stale.body.equals(Buffer.from(png(6, 3000)))).toBe(true);
    expect(stale.etag).not.toBe(first.etag);
    expect((await get({ 'if-none-match': first.etag! })).status).toBe(200);
  });
});
