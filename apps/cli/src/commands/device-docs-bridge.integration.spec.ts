import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBridgeTestBed, type BridgeTestBed } from '@fieldsync/bridge-server/testing';
import { startGraphEmulator, type GraphEmulator } from '@fieldsync/emulator-graph';
import type { DocumentEntry } from '@fieldsync/sync-core';
import { captureIo } from '../cli/capture-io';
import { runCli } from '../cli/run-cli';

/**
 * `fieldsync device docs` through a real bridge whose document backend is the Graph emulator: a
 * record's SharePoint folder reaches the device with `device sync`, `docs list` shows it, and
 * `docs get` downloads one again and copies it out.
 */
describe('fieldsync device docs through the bridge and the Graph emulator', () => {
  let graph: GraphEmulator;
  let bed: BridgeTestBed;
  let dir: string;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-device-docs-'));
    graph = await startGraphEmulator({});
    bed = await createBridgeTestBed(path.join(dir, 'bridge.db'), {
      tokenTtlMs: 3_600_000,
      startAt: Date.now(),
      records: 40,
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
      },
    });
  });

  afterEach(async () => {
    await bed.close();
    await graph.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ok = async (...argv: string[]) => {
    const io = captureIo(dir);
    const code = await runCli(argv, io);
    if (code !== 0) throw new Error(`fieldsync ${argv.join(' ')} exited ${code}: ${io.stderr()}`);
    return io.stdout();
  };

  it('lists the documents a sync brought and downloads one again with docs get', async () => {
    const site = graph.store.addSite('contoso.sharepoint.com', '/sites/sales', ['Documents']);
    const library = graph.store.drive(site.driveIds[0]);
    const admin = await bed.admin();
    const publish = await bed.gql(
      `mutation($input: PublishCustomizationInput!) { publishCustomization(input: $input) { userErrors { field message } } }`,
      {
        input: {
          content: { entities: [{ entity: 'account', documents: { backend: 'sharepoint', site: 'contoso.sharepoint.com:/sites/sales:' } }] },
          roles: [{ role: 'Salesperson', priority: 90 }],
        },
      },
      admin,
    );
    expect(publish.data.publishCustomization.userErrors).toEqual([]);
    await ok('device', 'login', '--bridge', bed.bridge.url, '--db', 'alice.db', '--user', 'alice', '--password', 'demo');
    // The first sync brings the accounts (and makes their folders); then one of them gets a file.
    await ok('device', 'sync', '--db', 'alice.db');
    expect(JSON.parse(await ok('device', 'docs', 'list', '--db', 'alice.db', '--json'))).toEqual([]);
    const account = graph.store.children(library, graph.store.itemAtPath(library, 'account').id)[0];
    const folderId = account.name.slice(account.name.lastIndexOf('_') + 1);
    graph.store.seed(library, [{ path: `account/${account.name}/visit report.pdf`, content: 'the visit went well' }]);
    await ok('device', 'sync', '--db', 'alice.db');

    const listed = JSON.parse(await ok('device', 'docs', 'list', '--db', 'alice.db', '--json')) as DocumentEntry[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ entity: 'account', path: 'visit report.pdf', status: 'downloaded', size: 19 });
    expect(listed[0].recordId.replace(/-/g, '').toUpperCase()).toBe(folderId);
    expect(await ok('device', 'docs', 'list', 'account', listed[0].recordId, '--db', 'alice.db')).toContain('visit report.pdf');

    const out = await ok('device', 'docs', 'get', 'account', listed[0].recordId, 'visit report.pdf', '--db', 'alice.db', '--out', 'copy.pdf');
    expect(out).toContain('visit report.pdf, 19 bytes');
    expect(readFileSync(path.join(dir, 'copy.pdf'), 'utf8')).toBe('the visit went well');

    // docs put: a file of the device goes into the record's folder, and the device lists it as downloaded.
    const photo = Buffer.alloc(700_000, 7);
    writeFileSync(path.join(dir, 'photo.jpg'), photo);
    const sent = await ok('device', 'docs', 'put', 'account', listed[0].recordId, 'photo.jpg', '--db', 'alice.db');
    expect(sent).toContain('photo.jpg sent, 700,000 bytes');
    expect(graph.store.itemAtPath(library, `account/${account.name}/photo.jpg`).content.equals(photo)).toBe(true);
    const after = JSON.parse(await ok('device', 'docs', 'list', 'account', listed[0].recordId, '--db', 'alice.db', '--json')) as DocumentEntry[];
    expect(after.map((entry) => [entry.path, entry.status])).toEqual([
      ['photo.jpg', 'downloaded'],
      ['visit report.pdf', 'downloaded'],
    ]);
    // A missing file is refused before anything is queued.
    const io = captureIo(dir);
    expect(await runCli(['device', 'docs', 'put', 'account', listed[0].recordId, 'nowhere.jpg', '--db', 'alice.db'], io)).not.toBe(0);
    expect(io.stderr()).toContain('nowhere.jpg is not a readable file');
  });
});
