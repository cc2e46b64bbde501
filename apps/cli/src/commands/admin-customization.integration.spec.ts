import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBridgeTestBed, type BridgeTestBed } from '@fieldsync/bridge-server/testing';
import { captureIo } from '../cli/capture-io';
import { runCli } from '../cli/run-cli';

const ACTIVE_ACCOUNTS = `<fetch>
  <entity name="account">
    <filter>
      <condition attribute="statecode" operator="eq" value="0" />
    </filter>
  </entity>
</fetch>`;

/**
 * `fieldsync admin customization diff|dry-run|publish FILE` against a real bridge over loopback, with
 * a device that `fieldsync device login` and `device sync` keep in step through the same bridge.
 */
describe('fieldsync admin customization', () => {
  let bed: BridgeTestBed;
  let dir: string;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-admin-customization-'));
    bed = await createBridgeTestBed(path.join(dir, 'bridge.db'), { tokenTtlMs: 3_600_000, startAt: Date.now() });
  });

  afterEach(async () => {
    await bed.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (argv: string[]) => {
    const io = captureIo(dir);
    const code = await runCli(argv, io);
    return { code, out: io.stdout(), err: io.stderr() };
  };
  const admin = (...argv: string[]) => cli(['admin', ...argv, '--session', 'admin.json']);

  /** Revision 1 (the demo customization) as an editor opens it, with the account entity changed by `account`. */
  async function demoDocument(account: Record<string, unknown>): Promise<Record<string, unknown>> {
    const draft = (await bed.gql(`{ publishedCustomization(revision: 1) { draft } }`, {}, await bed.admin())).data.publishedCustomization.draft;
    return { ...draft, entities: draft.entities.map((config: { entity: string }) => (config.entity === 'account' ? { ...config, ...account } : config)) };
  }

  /** Bob's accounts that the CRM holds as active, read in full here. */
  async function bobActiveAccounts(): Promise<number> {
    const bob = await bed.crm.principalOf((await bed.crm.findUserByName('bob'))!.id);
    let active = 0;
    for (let afterId: string | undefined; ;) {
      const page = await bed.crm.readFull(bob, { entity: 'account', fields: ['statecode'], limit: 500, ...(afterId ? { afterId } : {}) });
      active += page.records.filter((record) => record.fields.statecode === 0).length;
      if (page.done) return active;
      afterId = page.lastId;
    }
  }

  it('refuses a FetchXML mistake at its line and column, compares, dry-runs and publishes a good file, which the device then syncs', async () => {
    expect((await cli(['device', 'login', '--bridge', bed.bridge.url, '--db', 'bob.db', '--user', 'bob', '--password', 'demo'])).code).toBe(0);
    expect((await cli(['device', 'sync', '--db', 'bob.db'])).code).toBe(0);
    const deviceId = (JSON.parse(readFileSync(path.join(dir, 'bob.db.credentials.json'), 'utf8')) as { deviceId: string }).deviceId;
    expect((await admin('login', '--bridge', bed.bridge.url, '--user', 'admin', '--password', 'demo')).code).toBe(0);

    writeFileSync(path.join(dir, 'broken.json'), JSON.stringify(await demoDocument({ fetchXml: ACTIVE_ACCOUNTS.replace('"eq"', '"eqq"') }), null, 2));
    const column = ACTIVE_ACCOUNTS.split('\n')[3].indexOf('operator=') + 1;
    for (const command of ['diff', 'dry-run', 'publish']) {
      const refused = await admin('customization', command, 'broken.json', '--json');
      expect(refused.code).toBe(2);
      expect(JSON.parse(refused.out)).toEqual({
        ok: false,
        userErrors: [expect.objectContaining({ field: expect.stringMatching(/content\.entities\[0\]\.fetchXml$/), line: 4, column })],
      });
      expect(refused.err).toMatch(
        new RegExp(`error \\[INVALID_CUSTOMIZATION\\]: broken.json was refused:\\n.*fetchXml \\(line 4, column ${column}\\): unknown operator 'eqq'`),
      );
    }

    writeFileSync(path.join(dir, 'sales.json'), JSON.stringify(await demoDocument({ fetchXml: ACTIVE_ACCOUNTS }), null, 2));
    const diff = JSON.parse((await admin('customization', 'diff', 'sales.json', '--json')).out);
    expect(diff).toMatchObject({ ok: true, againstRevision: 1, changes: { empty: false, settings: [], blobStoreFilter: null } });
    expect(diff.changes.entities).toEqual([
      {
        entity: 'account',
        change: 'changed',
        fieldsAdded: [],
        fieldsRemoved: [],
        filter: { before: null, after: expect.stringContaining('operator="eq" value="0"') },
        options: [],
      },
    ]);
    const readable = await admin('customization', 'diff', 'sales.json');
    expect(readable.out).toBe('Changes against revision 1:\n~ entity account\n    ~ sync filter added\n');

    const active = await bobActiveAccounts();
    const dryRun = JSON.parse((await admin('customization', 'dry-run', 'sales.json', '--role', 'Salesperson:50', '--json')).out);
    expect(dryRun).toEqual({
      ok: true,
      roles: [{ role: 'Salesperson', priority: 50 }],
      devices: [
        {
          deviceId,
          name: expect.any(String),
          user: 'bob',
          currentRevision: 1,
          needsFullSync: true,
          downloads: [{ entity: 'account', records: active }],
          reasons: ['account: sync filter changed'],
        },
      ],
      totals: { devices: 1, needingFullSync: 1, records: active },
    });
    expect((await admin('customization', 'dry-run', 'sales.json')).out).toMatch(
      new RegExp(
        `${deviceId}\\s+bob\\s+.*rev 1\\s+account \\(${active}\\)\\n1 of 1 device\\(s\\) would need a full sync: ${active} record\\(s\\) to download\\.`,
      ),
    );
    // The dry run published nothing.
    expect((await bed.gql(`{ customizations { revision } }`, {}, await bed.admin())).data.customizations).toEqual([{ revision: 1 }]);

    const published = await admin('customization', 'publish', 'sales.json', '--role', 'Salesperson:50', '--comment', 'active accounts only', '--json');
    expect(published.code).toBe(0);
    expect(JSON.parse(published.out)).toMatchObject({ ok: true, revision: 2, roles: [{ role: 'Salesperson', priority: 50 }], warnings: [] });
    expect((await cli(['device', 'sync', '--db', 'bob.db'])).code).toBe(0);
    const status = JSON.parse((await cli(['device', 'status', '--db', 'bob.db', '--json'])).out);
    expect(status.customizationRevision).toBe(2);
    expect(status.entities.find((entity: { entity: string }) => entity.entity === 'account').records).toBe(active);
  });

  it("publishes a publication file with its own roles, defaults to the newest revision's roles, and refuses a file that is not JSON", async () => {
    expect((await admin('login', '--bridge', bed.bridge.url, '--user', 'admin', '--password', 'demo')).code).toBe(0);
    const document = await demoDocument({ conflictPolicy: 'ServerWins' });
    writeFileSync(
      path.join(dir, 'publication.json'),
      JSON.stringify({ content: document, roles: [{ role: 'Sales Manager', priority: 70 }], comment: 'managers' }),
    );
    expect(JSON.parse((await admin('customization', 'publish', 'publication.json', '--json')).out)).toMatchObject({
      revision: 2,
      roles: [{ role: 'Sales Manager', priority: 70 }],
    });
    writeFileSync(path.join(dir, 'bare.json'), JSON.stringify(document));
    const human = await admin('customization', 'publish', 'bare.json');
    expect(human.code).toBe(0);
    expect(human.out).toMatch(/^Published revision 3 \([0-9a-f]{12}\) for Sales Manager \(70\)\.\n$/);

    writeFileSync(path.join(dir, 'bad.json'), '{ "entities": [ }');
    const bad = await admin('customization', 'diff', 'bad.json');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/error \[CUSTOMIZATION_FILE_INVALID\]: bad\.json: is not JSON/);
    expect((await admin('customization', 'publish', 'missing.json')).err).toMatch(/CUSTOMIZATION_FILE_INVALID\]: missing\.json: cannot be read \(ENOENT\)/);
    expect((await admin('customization', 'diff', 'bare.json', '--against', 'x')).err).toMatch(/INVALID_OPTION.*--against/);
  });
});
