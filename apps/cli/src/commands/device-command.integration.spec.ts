import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCrmStore, type CrmStore } from '@fieldsync/crm-store';
import type { CrmRecord } from '@fieldsync/model';
import type { DeviceStatus, SyncErrorEntry, SyncLogEntry } from '@fieldsync/sync-core';
import { captureIo, type CapturedIo } from '../cli/capture-io';
import { runCli } from '../cli/run-cli';
import type { SyncSummary } from '../device/sync-summary';

describe('fieldsync device', () => {
  let seeded: string;
  let dir: string;
  let crm: string;
  let db: string;

  beforeAll(async () => {
    seeded = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-device-seed-'));
    const io = captureIo(seeded);
    expect(await runCli(['crm', 'seed', '--db', 'crm.db', '--records', '300', '--seed', '3'], io)).toBe(0);
  });

  afterAll(() => {
    rmSync(seeded, { recursive: true, force: true });
  });

  beforeEach(() => {
    // Each test gets its own copy of the seeded CRM (closed, so the file alone holds everything).
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-device-'));
    crm = path.join(dir, 'crm.db');
    copyFileSync(path.join(seeded, 'crm.db'), crm);
    db = path.join(dir, 'alice.db');
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function cli(...argv: string[]): Promise<{ code: number; io: CapturedIo }> {
    const io = captureIo(dir);
    const code = await runCli(argv, io);
    return { code, io };
  }

  /** Runs a command that must succeed and answers its standard output. */
  async function ok(...argv: string[]): Promise<string> {
    const { code, io } = await cli(...argv);
    if (code !== 0) throw new Error(`fieldsync ${argv.join(' ')} exited ${code}: ${io.stderr()}`);
    return io.stdout();
  }

  async function json<T>(...argv: string[]): Promise<T> {
    return JSON.parse(await ok(...argv, '--json')) as T;
  }

  const sync = (...extra: string[]) => ok('device', 'sync', '--db', db, '--crm', crm, '--user', 'alice', ...extra);

  async function withStore<T>(work: (store: CrmStore) => Promise<T>): Promise<T> {
    const store = await openCrmStore({ file: crm });
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  }

  /** Every record of `entity` the user may read on the server, by keyset pages. */
  async function serverRecords(store: CrmStore, user: string, entity: string): Promise<CrmRecord[]> {
    const principal = await store.principalOf((await store.findUserByName(user))!.id);
    const records: CrmRecord[] = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await store.readFull(principal, { entity, limit: 1000, ...(afterId ? { afterId } : {}) });
      records.push(...page.records);
      if (page.done) return records;
      afterId = page.lastId;
    }
  }

  function writeCustomization(document: unknown): string {
    const file = path.join(dir, 'customization.json');
    writeFileSync(file, JSON.stringify(document));
    return file;
  }

  it('answers --help for device and every device command, exiting 0', async () => {
    const commands = [
      ['device'],
      ['device', 'sync'],
      ['device', 'records'],
      ['device', 'records', 'list'],
      ['device', 'records', 'get'],
      ['device', 'records', 'create'],
      ['device', 'records', 'update'],
      ['device', 'records', 'delete'],
      ['device', 'errors'],
      ['device', 'resolve'],
      ['device', 'status'],
      ['device', 'log'],
      ['device', 'reset'],
      ['device', 'refresh-mode'],
    ];
    for (const argv of commands) {
      const { code, io } = await cli(...argv, '--help');
      expect(code).toBe(0);
      expect(io.stdout()).toMatch(/^Usage: fieldsync device/);
    }
    const help = await ok('device', 'sync', '--help');
    expect(help).toContain('--customization <file>');
    expect(help).toContain('--full');
    expect(await ok('device', 'records', 'create', '--help')).toContain('entity:id');
  });

  it('syncs as alice and then lists exactly the accounts alice may read on the server, offline', async () => {
    const out = await sync();
    expect(out).toContain(`Sync of ${db} as alice`);
    expect(out).toMatch(/Sync: ok \(incremental\) in [\d.]+ s\n/);
    expect(out).toMatch(/account\s+full\s+first-sync\s+\d+/);
    // Without a terminal the progress comes as lines.
    expect(out).toMatch(/100%\s+9\/9\s+download: annotation done/);

    // The CRM file is gone: records are read from the device alone.
    rmSync(crm);
    const local = await json<CrmRecord[]>('device', 'records', 'list', 'account', '--db', db, '--limit', '100000');
    copyFileSync(path.join(seeded, 'crm.db'), crm);
    const server = await withStore((store) => serverRecords(store, 'alice', 'account'));
    expect(local.length).toBeGreaterThan(0);
    expect(local.map((record) => record.id)).toEqual(server.map((record) => record.id).sort());
    const first = server.find((record) => record.id === local[0].id)!;
    expect(local[0]).toEqual({ entity: 'account', id: first.id, version: first.version, fields: expect.objectContaining({ name: first.fields.name }) });

    const table = await ok('device', 'records', 'list', 'account', '--db', db, '--limit', '2');
    expect(table).toMatch(/^id\s+name\s+version\n/);
    expect(table).toContain('2 account records (--limit 2; there may be more)');
  });

  it('prints the sync summary as JSON alone on standard output with --json', async () => {
    const { code, io } = await cli('device', 'sync', '--db', db, '--crm', crm, '--user', 'alice', '--json');
    expect(code).toBe(0);
    const summary = JSON.parse(io.stdout()) as SyncSummary;
    expect(Object.keys(summary).sort()).toEqual(
      ['result', 'kind', 'uploaded', 'downloaded', 'deleted', 'conflicts', 'errors', 'retries', 'durationMs', 'startedAt', 'entities', 'warnings'].sort(),
    );
    // `deleted` counts cleanup too: quote details the user may read under quotes she may not are downloaded, then removed.
    expect(summary).toMatchObject({ result: 'ok', kind: 'incremental', uploaded: 0, deleted: expect.any(Number), conflicts: 0, errors: 0, warnings: [] });
    expect(summary.entities.map((entity) => entity.entity)).toEqual(
      expect.arrayContaining(['account', 'contact', 'opportunity', 'quote', 'quotedetail', 'task', 'appointment', 'email', 'annotation']),
    );
    for (const entity of summary.entities) {
      expect(entity).toEqual({ entity: entity.entity, mode: 'full', reason: 'first-sync', downloaded: expect.any(Number), removed: 0, keptLocal: 0, pages: 1 });
    }
    expect(summary.downloaded).toBe(summary.entities.reduce((sum, entity) => sum + entity.downloaded, 0));
    // Progress lines go to standard error when standard output carries JSON.
    expect(io.stderr()).toContain('download: account');

    const again = JSON.parse(await sync('--json')) as SyncSummary;
    expect(again.downloaded).toBe(0);
    expect(again.entities.every((entity) => entity.mode === 'skip' && entity.reason === 'no-changes')).toBe(true);

    const full = JSON.parse(await sync('--json', '--full')) as SyncSummary;
    expect(full.kind).toBe('full');
    expect(full.downloaded).toBe(summary.downloaded);
  });

  it('uploads a record created offline with typed field values, as the CRM file then shows', async () => {
    await sync();
    const [parent] = await json<CrmRecord[]>('device', 'records', 'list', 'account', '--db', db, '--limit', '1');
    const id = (
      await ok(
        'device',
        'records',
        'create',
        'account',
        '--db',
        db,
        'name=Offline Works Ltd',
        'revenue=125000.456',
        'numberofemployees=42',
        'creditonhold=true',
        'industrycode=3',
        `parentaccountid=account:${parent.id}`,
        'telephone1=+44 20 7946 0000',
      )
    ).trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const local = await json<CrmRecord>('device', 'records', 'get', 'account', id, '--db', db);
    expect(local.version).toBeUndefined();
    expect((await json<DeviceStatus>('device', 'status', '--db', db)).pendingChanges).toBe(1);

    const summary = JSON.parse(await sync('--json')) as SyncSummary;
    expect(summary).toMatchObject({ result: 'ok', uploaded: 1, errors: 0 });
    const server = await withStore((store) => store.getAsSystem('account', id));
    expect(server?.fields).toMatchObject({
      name: 'Offline Works Ltd',
      revenue: 125000.46,
      numberofemployees: 42,
      creditonhold: true,
      industrycode: 3,
      parentaccountid: { entity: 'account', id: parent.id },
      telephone1: '+44 20 7946 0000',
      ownerid: { entity: 'systemuser', id: expect.any(String) },
    });
    const after = await json<CrmRecord>('device', 'records', 'get', 'account', id, '--db', db);
    expect(after.version).toBe(server?.version);
    expect((await json<DeviceStatus>('device', 'status', '--db', db)).pendingChanges).toBe(0);
  });

  it('uploads an update and a delete made offline', async () => {
    await sync();
    const taskId = (await ok('device', 'records', 'create', 'task', '--db', db, 'subject=Call back')).trim();
    await sync();
    const accounts = await json<CrmRecord[]>('device', 'records', 'list', 'account', '--db', db, '--limit', '1000');
    const userId = (await json<DeviceStatus>('device', 'status', '--db', db)).userId;
    const own = accounts.find((record) => (record.fields.ownerid as { id: string } | null)?.id === userId)!;
    const updated = await ok('device', 'records', 'update', 'account', own.id, '--db', db, 'address1_city=Bratislava', 'accountnumber=null');
    expect(updated).toContain(`Updated account ${own.id} (address1_city, accountnumber)`);
    expect(await ok('device', 'records', 'delete', 'task', taskId, '--db', db)).toContain(`Deleted task ${taskId}`);

    expect(JSON.parse(await sync('--json'))).toMatchObject({ result: 'ok', uploaded: 2 });
    await withStore(async (store) => {
      expect((await store.getAsSystem('account', own.id))?.fields).toMatchObject({ address1_city: 'Bratislava', accountnumber: null });
      expect(await store.getAsSystem('task', taskId)).toBeUndefined();
    });
    const { code, io } = await cli('device', 'records', 'get', 'task', taskId, '--db', db);
    expect(code).toBe(2);
    expect(io.stderr()).toBe(`error [LOCAL_RECORD_NOT_FOUND]: task ${taskId} is not on this device\n`);
  });

  it('keeps a conflict under policy Manual for the user, lists it, and resolves it keeping the server', async () => {
    const customization = writeCustomization({ entities: [{ entity: 'account', conflictPolicy: 'Manual' }, { entity: 'contact' }] });
    await sync('--customization', customization);
    const userId = (await json<DeviceStatus>('device', 'status', '--db', db)).userId;
    const accounts = await json<CrmRecord[]>('device', 'records', 'list', 'account', '--db', db, '--limit', '1000');
    const own = accounts.find((record) => (record.fields.ownerid as { id: string } | null)?.id === userId)!;

    await ok('device', 'records', 'update', 'account', own.id, '--db', db, 'telephone1=111 device');
    await withStore((store) => store.updateAsSystem('account', own.id, { telephone1: '222 server' }));

    // The stored customization is used: no --customization this time.
    const summary = JSON.parse(await sync('--json')) as SyncSummary;
    expect(summary).toMatchObject({ result: 'warnings', conflicts: 1, uploaded: 0 });
    expect(summary.warnings).toEqual([expect.objectContaining({ code: 'CONFLICT', entity: 'account', recordId: own.id })]);

    const errors = await json<SyncErrorEntry[]>('device', 'errors', '--db', db);
    expect(errors).toEqual([
      expect.objectContaining({
        entity: 'account',
        recordId: own.id,
        kind: 'conflict',
        code: 'CONFLICT',
        localFields: { telephone1: '111 device' },
        serverRecord: expect.objectContaining({ fields: expect.objectContaining({ telephone1: '222 server' }) }),
      }),
    ]);
    const table = await ok('device', 'errors', '--db', db);
    expect(table).toMatch(new RegExp(`^${errors[0].id}\\s+account\\s+${own.id}\\s+conflict\\s+CONFLICT`, 'm'));
    expect(table).toContain('fieldsync device resolve <id> --keep local|server');

    expect(await ok('device', 'resolve', String(errors[0].id), '--keep', 'server', '--db', db)).toContain(`Resolved sync error ${errors[0].id}`);
    expect(await json<SyncErrorEntry[]>('device', 'errors', '--db', db)).toEqual([]);
    expect(await ok('device', 'errors', '--db', db)).toBe('No sync errors.\n');
    expect((await json<CrmRecord>('device', 'records', 'get', 'account', own.id, '--db', db)).fields.telephone1).toBe('222 server');
    const status = await json<DeviceStatus>('device', 'status', '--db', db);
    expect(status).toMatchObject({ pendingChanges: 0, syncErrors: 0 });

    expect(JSON.parse(await sync('--json'))).toMatchObject({ result: 'ok', uploaded: 0, conflicts: 0 });
    expect((await withStore((store) => store.getAsSystem('account', own.id)))?.fields.telephone1).toBe('222 server');

    const missing = await cli('device', 'resolve', String(errors[0].id), '--keep', 'server', '--db', db);
    expect(missing.code).toBe(2);
    expect(missing.io.stderr()).toBe(`error [SYNC_ERROR_NOT_FOUND]: sync error ${errors[0].id} does not exist\n`);
  });

  it('resolves a conflict keeping the device, whose change then goes up over the server version', async () => {
    await sync('--customization', writeCustomization({ entities: [{ entity: 'account', conflictPolicy: 'Manual' }] }));
    const userId = (await json<DeviceStatus>('device', 'status', '--db', db)).userId;
    const own = (await json<CrmRecord[]>('device', 'records', 'list', 'account', '--db', db, '--limit', '1000')).find(
      (record) => (record.fields.ownerid as { id: string } | null)?.id === userId,
    )!;
    await ok('device', 'records', 'update', 'account', own.id, '--db', db, 'numberofemployees=7');
    await withStore((store) => store.updateAsSystem('account', own.id, { numberofemployees: 9 }));
    await sync();
    const [error] = await json<SyncErrorEntry[]>('device', 'errors', '--db', db);
    await ok('device', 'resolve', String(error.id), '--keep', 'local', '--db', db);
    expect(JSON.parse(await sync('--json'))).toMatchObject({ result: 'ok', uploaded: 1 });
    expect((await withStore((store) => store.getAsSystem('account', own.id)))?.fields.numberofemployees).toBe(7);
  });

  it('keeps an edit of a record deleted on the server (default policy) for the user, and resolves it by creating the record again', async () => {
    await sync('--customization', writeCustomization({ entities: [{ entity: 'account' }, { entity: 'contact' }] }));
    const userId = (await json<DeviceStatus>('device', 'status', '--db', db)).userId;
    const own = (await json<CrmRecord[]>('device', 'records', 'list', 'contact', '--db', db, '--limit', '1000')).find(
      (record) => (record.fields.ownerid as { id: string } | null)?.id === userId,
    )!;
    await ok('device', 'records', 'update', 'contact', own.id, '--db', db, 'jobtitle=Edited offline');
    await withStore((store) => store.deleteAsSystem('contact', own.id));
    expect(JSON.parse(await sync('--json'))).toMatchObject({ result: 'warnings', uploaded: 0 });
    const [error] = await json<SyncErrorEntry[]>('device', 'errors', '--db', db);
    expect(error).toMatchObject({ recordId: own.id, kind: 'deleted-on-server', code: 'DELETED_ON_SERVER' });
    expect(await ok('device', 'errors', '--db', db)).toMatch(new RegExp(`^${error.id}\\s+contact\\s+${own.id}\\s+deleted-on-server\\s+DELETED_ON_SERVER`, 'm'));
    expect(await ok('device', 'resolve', String(error.id), '--keep', 'local', '--db', db)).toBe(
      `Resolved sync error ${error.id}: the record was deleted on the server; it is created again with the device's values with the next sync.\n`,
    );
    expect(JSON.parse(await sync('--json'))).toMatchObject({ result: 'ok', uploaded: 1 });
    expect((await withStore((store) => store.getAsSystem('contact', own.id)))?.fields.jobtitle).toBe('Edited offline');
  });

  it('resolves an edit of a record deleted on the server by accepting the delete', async () => {
    await sync('--customization', writeCustomization({ entities: [{ entity: 'account' }, { entity: 'contact' }] }));
    const userId = (await json<DeviceStatus>('device', 'status', '--db', db)).userId;
    const own = (await json<CrmRecord[]>('device', 'records', 'list', 'contact', '--db', db, '--limit', '1000')).find(
      (record) => (record.fields.ownerid as { id: string } | null)?.id === userId,
    )!;
    await ok('device', 'records', 'update', 'contact', own.id, '--db', db, 'jobtitle=Edited offline');
    await withStore((store) => store.deleteAsSystem('contact', own.id));
    await sync();
    const [error] = await json<SyncErrorEntry[]>('device', 'errors', '--db', db);
    expect(await ok('device', 'resolve', String(error.id), '--keep', 'server', '--db', db)).toBe(
      `Resolved sync error ${error.id}: the record was deleted on the server; the delete was accepted and the record removed from the device.\n`,
    );
    const missing = await cli('device', 'records', 'get', 'contact', own.id, '--db', db);
    expect(missing.code).toBe(2);
    expect(JSON.parse(await sync('--json'))).toMatchObject({ result: 'ok', uploaded: 0 });
  });

  it('refuses bad input with a typed error, exit code 2 and nothing changed', async () => {
    const before = await cli('device', 'records', 'list', 'account', '--db', db);
    expect(before.code).toBe(2);
    expect(before.io.stderr()).toBe(
      `error [DATABASE_NOT_FOUND]: ${db} does not exist; create it with 'fieldsync device sync --db ${db} --crm <crm file> --user <name>'\n`,
    );
    expect(existsSync(db)).toBe(false);

    await sync();
    const cases: Array<[string[], RegExp]> = [
      [['device', 'records', 'list', 'widget'], /^error \[ENTITY_NOT_SYNCED\]: entity 'widget' is not synchronised on this device\n$/],
      [['device', 'records', 'create', 'widget', 'name=x'], /^error \[ENTITY_NOT_SYNCED\]/],
      [
        ['device', 'records', 'create', 'account', 'name=Bad', 'revenue=lots'],
        /^error \[INVALID_FIELD_VALUE\]: revenue=lots: field 'revenue' \(money\) expects a number, got 'lots'\n$/,
      ],
      [
        ['device', 'records', 'create', 'account', 'name=Bad', 'numberofemployees=1.5'],
        /^error \[INVALID_FIELD_VALUE\]: numberofemployees=1\.5: .*a whole number/,
      ],
      [['device', 'records', 'create', 'account', 'name=Bad', 'creditonhold=yes'], /^error \[INVALID_FIELD_VALUE\]: .*true or false/],
      [
        ['device', 'records', 'create', 'account', 'name=Bad', 'parentaccountid=contact:123'],
        /^error \[INVALID_FIELD_VALUE\]: .*entity:id with entity 'account'/,
      ],
      [
        ['device', 'records', 'create', 'account', 'name=Bad', 'nmae=typo'],
        /^error \[UNKNOWN_FIELD\]: fields\.nmae: unknown field 'nmae' of entity 'account'\n$/,
      ],
      [['device', 'records', 'create', 'account', 'name'], /^error \[INVALID_FIELD_VALUE\]: name: expected name=value\n$/],
      [['device', 'records', 'create', 'account', 'name=A', 'name=B'], /^error \[INVALID_FIELD_VALUE\]: name=B: field 'name' is given twice/],
      [
        ['device', 'records', 'create', 'account', 'industrycode=99'],
        /^error \[LOCAL_VALIDATION_FAILED\]: account: fields\.industrycode: 99 is not an option.*fields\.name: field 'name' is required/,
      ],
      [['device', 'records', 'update', 'account', 'no-such-id', 'name=x'], /^error \[LOCAL_RECORD_NOT_FOUND\]: account no-such-id is not on this device\n$/],
      [['device', 'records', 'list', 'account', '--limit', 'many'], /^error \[INVALID_OPTION\]: --limit: must be a whole number/],
    ];
    for (const [argv, expected] of cases) {
      const { code, io } = await cli(...argv, '--db', db);
      expect({ argv, code, stderr: io.stderr() }).toEqual({ argv, code: 2, stderr: expect.stringMatching(expected) });
    }
    // alice reads bob's accounts (same business unit) but may only write her own.
    const userId = (await json<DeviceStatus>('device', 'status', '--db', db)).userId;
    const accounts = await json<CrmRecord[]>('device', 'records', 'list', 'account', '--db', db, '--limit', '1000');
    const bobs = accounts.find((record) => (record.fields.ownerid as { id: string } | null)?.id !== userId)!;
    const denied = await cli('device', 'records', 'update', 'account', bobs.id, 'telephone1=123', '--db', db);
    expect(denied.code).toBe(2);
    expect(denied.io.stderr()).toBe('error [LOCAL_PERMISSION_DENIED]: account: your write privilege covers only records you own\n');

    const status = await json<DeviceStatus>('device', 'status', '--db', db);
    expect(status.pendingChanges).toBe(0);
    expect(await json<CrmRecord[]>('device', 'records', 'list', 'account', '--db', db, '--limit', '1000')).toEqual(accounts);

    const noDb = await cli('device', 'records', 'list', 'account');
    expect(noDb.code).toBe(2);
    expect(noDb.io.stderr()).toContain("required option '--db <path>' not specified");
    const noUser = await cli('device', 'sync', '--db', db, '--crm', crm);
    expect(noUser.code).toBe(2);
    expect(noUser.io.stderr()).toContain('error [INVALID_OPTION]: --user: name the CRM user to sign in as with --crm');
    const badKeep = await cli('device', 'resolve', '1', '--keep', 'both', '--db', db);
    expect(badKeep.code).toBe(2);
    expect(badKeep.io.stderr()).toContain("argument 'both' is invalid. Allowed choices are local, server.");
  });

  it('names the file of a bad customization and touches neither device nor server', async () => {
    const bad = writeCustomization({ entities: [{ entity: 'account', conflictPolicy: 'Sometimes' }] });
    const { code, io } = await cli('device', 'sync', '--db', db, '--crm', crm, '--user', 'alice', '--customization', bad);
    expect(code).toBe(2);
    expect(io.stderr()).toMatch(
      new RegExp(`^error \\[CUSTOMIZATION_INVALID\\]: ${bad.replace(/[.\\]/g, '\\$&')}: not a valid customization:\n  entities\\[0\\]\\.conflictPolicy: `),
    );
    expect(existsSync(db)).toBe(false);

    writeFileSync(bad, '{"entities": [');
    const notJson = await cli('device', 'sync', '--db', db, '--crm', crm, '--user', 'alice', '--customization', bad);
    expect(notJson.code).toBe(2);
    expect(notJson.io.stderr()).toMatch(
      /^error \[CUSTOMIZATION_INVALID\]: .*customization\.json: not a valid customization:\n {2}customization: is not valid JSON: .*\(line 1, column \d+\)/,
    );

    writeFileSync(
      bad,
      JSON.stringify({
        entities: [{ entity: 'account' }],
        blobStoreFilter: '<BlobStoreFilter>\n  <FilesFilter><Quota>lots</Quota></FilesFilter>\n</BlobStoreFilter>',
      }),
    );
    const badFilter = await cli('device', 'sync', '--db', db, '--crm', crm, '--user', 'alice', '--customization', bad);
    expect(badFilter.code).toBe(2);
    expect(badFilter.io.stderr()).toContain(
      "not a valid customization:\n  blobStoreFilter: <Quota> must be a whole number of bytes, or -1 for no limit; got 'lots' at /BlobStoreFilter/FilesFilter/Quota (line 2, column 16)",
    );
    expect(existsSync(db)).toBe(false);

    const missing = await cli('device', 'sync', '--db', db, '--crm', crm, '--user', 'alice', '--customization', 'nowhere.json');
    expect(missing.io.stderr()).toBe(`error [CUSTOMIZATION_INVALID]: ${path.join(dir, 'nowhere.json')}: cannot be read (ENOENT)\n`);
  });

  it('exits 2 with the sync error code when the sync fails, after printing its summary', async () => {
    const { code, io } = await cli('device', 'sync', '--db', db, '--crm', crm, '--user', 'alice', '--password', 'wrong', '--json');
    expect(code).toBe(2);
    expect(JSON.parse(io.stdout())).toMatchObject({ result: 'failed', error: { code: 'AUTH_FAILED' } });
    expect(io.stderr()).toMatch(/error \[AUTH_FAILED\]: authentication refused/);

    const noCrm = await cli('device', 'sync', '--db', db, '--crm', 'missing-crm.db', '--user', 'alice');
    expect(noCrm.code).toBe(2);
    expect(noCrm.io.stderr()).toMatch(/^error \[DATABASE_NOT_FOUND\]: .*missing-crm\.db does not exist/);
    expect(existsSync(path.join(dir, 'missing-crm.db'))).toBe(false);

    writeFileSync(path.join(dir, 'other.db'), 'not a database at all '.repeat(200));
    const foreign = await cli('device', 'status', '--db', 'other.db');
    expect(foreign.code).toBe(2);
    expect(foreign.io.stderr()).toMatch(/^error \[FOREIGN_DATABASE\]/);
  });

  it('cancels a sync on Ctrl+C, keeping what it received, and the next sync completes', async () => {
    const io = captureIo(dir);
    const running = runCli(['device', 'sync', '--db', db, '--crm', crm, '--user', 'alice', '--password', 'demo', '--json'], io);
    // Ctrl+C as soon as the command listens for it.
    let settled = false;
    void running.then(() => (settled = true));
    while (!io.interrupt() && !settled) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(await running).toBe(2);
    expect(JSON.parse(io.stdout())).toMatchObject({ result: 'failed', error: { code: 'SYNC_CANCELLED' } });
    expect(io.stderr()).toMatch(/Cancelling: the sync stops after the page being written/);
    expect(io.stderr()).toMatch(/error \[SYNC_CANCELLED\]/);
    const next = JSON.parse(await ok('device', 'sync', '--db', db, '--crm', crm, '--user', 'alice', '--password', 'demo', '--json')) as SyncSummary;
    expect(next.result).not.toBe('failed');
  });

  it('shows status and the sync log, as tables and as JSON', async () => {
    await sync();
    await ok('device', 'records', 'create', 'task', '--db', db, 'subject=Pending one');
    const status = await json<DeviceStatus>('device', 'status', '--db', db);
    expect(status).toMatchObject({ initialized: true, pendingChanges: 1, syncErrors: 0, lastSync: { result: 'ok' } });
    expect(status.entities.find((entity) => entity.entity === 'task')).toMatchObject({ pendingChanges: 1, state: 'complete' });
    const text = await ok('device', 'status', '--db', db);
    expect(text).toContain('pending changes 1, sync errors 0');
    expect(text).toMatch(/^task\s+\d+\s+1\s+complete\s+/m);

    await sync();
    const log = await json<SyncLogEntry[]>('device', 'log', '--db', db, '--limit', '1');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ kind: 'incremental', result: 'ok', summary: { uploaded: 1 } });
    const table = await ok('device', 'log', '--db', db);
    expect(table).toMatch(/^id\s+started\s+kind\s+result\s+uploaded\s+downloaded/);
    expect(table.trim().split('\n')).toHaveLength(4);
  });

  it('resets one entity: clears it and downloads it again in full', async () => {
    await sync();
    const before = await json<CrmRecord[]>('device', 'records', 'list', 'contact', '--db', db, '--limit', '100000');
    const summary = JSON.parse(await ok('device', 'reset', '--db', db, '--crm', crm, '--user', 'alice', '--entity', 'contact', '--json')) as SyncSummary;
    expect(summary.kind).toBe('reset');
    expect(summary.entities.find((entity) => entity.entity === 'contact')).toMatchObject({ mode: 'full', downloaded: before.length });
    expect(summary.entities.find((entity) => entity.entity === 'account')?.mode).toBe('skip');
    expect(await json<CrmRecord[]>('device', 'records', 'list', 'contact', '--db', db, '--limit', '100000')).toEqual(before);

    const unknown = await cli('device', 'reset', '--db', db, '--crm', crm, '--user', 'alice', '--entity', 'widget');
    expect(unknown.code).toBe(2);
    expect(unknown.io.stderr()).toBe("error [ENTITY_NOT_SYNCED]: entity 'widget' is not synchronised on this device\n");
  });
});
