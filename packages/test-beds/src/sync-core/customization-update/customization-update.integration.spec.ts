import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { sql } from 'kysely';
import type { CustomizationOffer, DeviceChannel } from '@fieldsync/connector-api';
import type { Customization } from '@fieldsync/model';
import { SYSTEM_TABLES, type LocalDb, type MigrationStep } from '@fieldsync/sync-core';
import { openDeviceDatabase } from '@fieldsync/sync-core/node';
import { createDeviceTestBed, ownedRecords, type DeviceTestBed, type TestDevice } from '../device-test-bed';
import { createInMemoryDeviceChannel, type InMemoryDeviceChannel } from '@fieldsync/sync-core/testing';
import type { CrashChildArguments } from '../customization-crash-child';

/** The customization the device starts with: accounts (a few fields), contacts, tasks. */
const BASE = {
  entities: [
    { entity: 'account', fields: ['name', 'telephone1', 'ownerid', 'statecode', 'statuscode'], conflictPolicy: 'Manual' },
    { entity: 'contact' },
    { entity: 'task', conflictPolicy: 'Manual' },
  ],
  settings: {},
};

/** BASE with opportunities added, tasks dropped, telephone1 dropped from and revenue added to accounts. */
const RESHAPED = {
  entities: [
    { entity: 'account', fields: ['name', 'revenue', 'ownerid', 'statecode', 'statuscode'], conflictPolicy: 'Manual' },
    { entity: 'contact' },
    { entity: 'opportunity' },
  ],
  settings: {},
};

/** BASE with other settings only. */
const SETTINGS_ONLY = { ...BASE, settings: { MaxSyncCount: 100_000, UploadRecordsInChronologicalOrder: false } };

/** Reads one JSON value of the device's `fs_meta` table, where sync-core keeps its customization. */
async function readMeta<T>(db: LocalDb, key: 'customization' | 'pending_customization'): Promise<T | undefined> {
  const row = await db.selectFrom(SYSTEM_TABLES.meta).select('value').where('key', '=', key).executeTakeFirst();
  return row ? (JSON.parse(row.value as string) as T) : undefined;
}

async function tables(db: LocalDb): Promise<string[]> {
  const rows = await sql<{
    name: string;
  }>`select name from sqlite_master where type = 'table' and name not like 'fs_%' and name not like 'sqlite_%' order by name`.execute(db);
  return rows.rows.map((row) => row.name);
}

async function columns(db: LocalDb, table: string): Promise<string[]> {
  return (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)).rows.map((row) => row.name);
}

async function rowCount(db: LocalDb, table: string): Promise<number> {
  return Number((await sql<{ n: number }>`select count(*) as n from ${sql.id(table)}`.execute(db)).rows[0].n);
}

describe('customization updates from the device channel', () => {
  let bed: DeviceTestBed;
  let channel: InMemoryDeviceChannel;

  beforeEach(async () => {
    bed = await createDeviceTestBed(150);
    channel = createInMemoryDeviceChannel({ schema: () => bed.store.schema(), clock: bed.clock });
  });

  afterEach(async () => {
    await bed.close();
  });

  async function syncedDevice(document: unknown = BASE, options: { appVersion?: string } = {}): Promise<TestDevice> {
    channel.publish(document);
    const device = await bed.device('alice', { channel, ...options });
    const first = await device.engine.sync();
    expect(first.error).toBeUndefined();
    bed.clock.advance(60_000);
    return device;
  }

  /** A local edit of one of alice's accounts that the server refuses as a conflict (Manual): it stays unsent. */
  async function heldAccountChange(device: TestDevice): Promise<string> {
    const [account] = await ownedRecords(device, 'account');
    await device.engine.records.update('account', account.id, { name: 'Device name' });
    bed.clock.advance(1000);
    await bed.store.updateAsSystem('account', account.id, { name: 'Server name' });
    bed.clock.advance(1000);
    const result = await device.engine.sync();
    expect(result.conflicts).toBe(1);
    bed.clock.advance(60_000);
    return account.id;
  }

  it('takes its first customization from the channel and keeps it, with the settings-read-only flag, for offline use', async () => {
    const published = channel.publish(BASE, { settingsReadOnly: true });
    const device = await bed.device('alice', { channel });
    const result = await device.engine.sync();
    expect(result.error).toBeUndefined();
    expect(result.customizationUpdate).toEqual({ version: published.customization.version, revision: 1, outcome: 'applied' });
    expect(await tables(device.db)).toEqual(['account', 'contact', 'task']);
    expect(await columns(device.db, 'account')).not.toContain('revenue');
    const status = await device.engine.status();
    expect(status).toMatchObject({ customizationVersion: published.customization.version, customizationRevision: 1, settingsReadOnly: true });
    expect((await device.engine.records.list('contact', { limit: 5 })).length).toBeGreaterThan(0);
    // The admin lifts the read-only flag without changing the content: same version, the flag follows.
    channel.publish(BASE, { settingsReadOnly: false });
    bed.clock.advance(60_000);
    await device.engine.sync();
    expect(await device.engine.status()).toMatchObject({
      customizationVersion: published.customization.version,
      customizationRevision: 2,
      settingsReadOnly: false,
    });
  });

  it('sends the hashes of its parts and receives and applies only the parts that changed', async () => {
    const device = await syncedDevice();
    const next = channel.publish(SETTINGS_ONLY);
    const result = await device.engine.sync();
    expect(result.customizationUpdate).toMatchObject({ version: next.customization.version, outcome: 'applied' });
    expect(Object.keys(channel.offers[1].parts)).toEqual(['settings']);
    const stored = await readMeta<Customization>(device.db, 'customization');
    expect(stored?.version).toBe(next.customization.version);
    expect(stored?.settings.MaxSyncCount).toBe(100_000);
    expect(stored?.entities).toEqual(next.customization.entities);
    bed.clock.advance(60_000);
    const unchanged = await device.engine.sync();
    expect(unchanged.customizationUpdate).toBeUndefined();
    expect(channel.offers[2].parts).toEqual({});
    expect(unchanged.log).toContain(`<Customization Version="${next.customization.version.slice(0, 12)}" Revision="2" Status="NotModified" />`);
  });

  it('refuses an offer whose parts do not add up to the offered version and changes nothing', async () => {
    const device = await syncedDevice();
    const before = await device.engine.status();
    channel.publish(SETTINGS_ONLY);
    // A proxy on the wire that alters a setting but keeps the offered hashes.
    const tampering: DeviceChannel = {
      registerDevice: (registration) => channel.registerDevice(registration),
      deviceControl: () => channel.deviceControl(),
      completeCommand: (id, outcome) => channel.completeCommand(id, outcome),
      reportSync: (report) => channel.reportSync(report),
      uploadSyncLog: (syncId, text) => channel.uploadSyncLog(syncId, text),
      customization: async (known) => {
        const offer: CustomizationOffer = await channel.customization(known);
        return { ...offer, parts: { ...offer.parts, settings: { ...(offer.parts.settings as object), MaxSyncCount: 7 } } };
      },
    };
    await device.close();
    const reopened = await bed.device('alice', { channel: tampering, file: device.file });
    const result = await reopened.engine.sync();
    expect(result.result).toBe('failed');
    expect(result.error?.code).toBe('CUSTOMIZATION_OFFER_INVALID');
    expect(result.error?.message).toMatch(/settings do(es)? not match/);
    expect(result.uploaded + result.downloaded).toBe(0);
    expect((await reopened.engine.status()).customizationVersion).toBe(before.customizationVersion);
  });

  it('fails with NO_CUSTOMIZATION and changes nothing when no customization is published for the user', async () => {
    const fresh = await bed.device('alice', { channel });
    const refused = await fresh.engine.sync();
    expect(refused.result).toBe('failed');
    expect(refused.error?.code).toBe('NO_CUSTOMIZATION');
    expect(await tables(fresh.db)).toEqual([]);
    expect((await fresh.engine.status()).initialized).toBe(false);

    const device = await syncedDevice();
    const id = await device.engine.records.create('account', { name: 'Made offline' });
    channel.unpublish();
    const result = await device.engine.sync();
    expect(result.error?.code).toBe('NO_CUSTOMIZATION');
    // Nothing went up, nothing came down: the change waits.
    expect(result.uploaded).toBe(0);
    expect(await bed.store.getAsSystem('account', id)).toBeUndefined();
    expect((await device.engine.status()).pendingChanges).toBe(1);
    expect(await device.engine.records.get('account', id)).toBeDefined();
  });

  it('refuses a customization that needs a newer app with the message users see, and takes it once the app is new enough', async () => {
    const device = await syncedDevice(BASE, { appVersion: '1.4.0' });
    const before = (await device.engine.status()).customizationVersion;
    const next = channel.publish(SETTINGS_ONLY, { minAppVersion: '1.10.0' });
    const result = await device.engine.sync();
    expect(result.error).toEqual({ code: 'APP_UPDATE_REQUIRED', message: 'Your server customization requires a new version of the application' });
    expect((await device.engine.status()).customizationVersion).toBe(before);
    await device.close();
    const updated = await bed.device('alice', { channel, file: device.file, appVersion: '1.10.0' });
    const applied = await updated.engine.sync();
    expect(applied.error).toBeUndefined();
    expect((await updated.engine.status()).customizationVersion).toBe(next.customization.version);
  });

  it('refuses a device channel together with an explicit customization', async () => {
    channel.publish(BASE);
    await expect(bed.device('alice', { channel, customization: BASE })).rejects.toMatchObject({ code: 'INVALID_ENGINE_OPTIONS' });
    await expect(bed.device('alice', { channel, appVersion: 'next' })).rejects.toMatchObject({ code: 'INVALID_ENGINE_OPTIONS' });
  });

  it('migrates the tables: a new entity is downloaded in full, a dropped one loses its table, dropped columns go and a new column downloads its entity in full', async () => {
    const device = await syncedDevice();
    const [account] = await ownedRecords(device, 'account');
    await bed.store.updateAsSystem('account', account.id, { revenue: 12_345 });
    bed.clock.advance(1000);
    const taskCount = await rowCount(device.db, 'task');
    expect(taskCount).toBeGreaterThan(0);
    const next = channel.publish(RESHAPED);
    const result = await device.engine.sync();
    expect(result.error).toBeUndefined();
    expect(result.customizationUpdate).toMatchObject({ version: next.customization.version, outcome: 'applied' });
    expect(await tables(device.db)).toEqual(['account', 'contact', 'opportunity']);
    const accountColumns = await columns(device.db, 'account');
    expect(accountColumns).toContain('revenue');
    expect(accountColumns).not.toContain('telephone1');
    const decisions = new Map(result.decisions.map((decision) => [decision.entity, decision]));
    expect(decisions.get('opportunity')).toMatchObject({ mode: 'full' });
    expect(decisions.get('account')).toMatchObject({ mode: 'full', reason: 'schema-changed' });
    expect(decisions.get('contact')?.mode).not.toBe('full');
    expect(decisions.has('task')).toBe(false);
    expect((await device.engine.records.get('account', account.id))?.fields.revenue).toBe(12_345);
    expect((await device.engine.records.list('opportunity', { limit: 100_000 })).length).toBe(
      (await bed.store.count(await bed.store.principalOf(bed.userId('alice')), { entity: 'opportunity' })).matching,
    );
    await expect(device.engine.records.list('task')).rejects.toMatchObject({ code: 'ENTITY_NOT_SYNCED' });
    expect(result.log.some((line) => line.startsWith('<CustomizationUpdate ') && line.includes('Dropped="task"') && line.includes('Added="opportunity"'))).toBe(
      true,
    );
    expect(await readMeta<unknown>(device.db, 'pending_customization')).toBeUndefined();
  });

  it('drops a parent lookup column together with its index', async () => {
    const withQuotes = { ...BASE, entities: [...BASE.entities, { entity: 'quote' }] };
    const device = await syncedDevice(withQuotes);
    const indexes = async () =>
      (await sql<{ name: string }>`select name from pragma_index_list('quote') where origin = 'c'`.execute(device.db)).rows.map((row) => row.name);
    expect(await indexes()).toContain('quote__customerid');
    const quotes = await rowCount(device.db, 'quote');
    channel.publish({ ...BASE, entities: [...BASE.entities, { entity: 'quote', fields: ['name', 'ownerid', 'statecode', 'statuscode'] }] });
    const result = await device.engine.sync();
    expect(result.error).toBeUndefined();
    expect((await columns(device.db, 'quote')).filter((column) => column.startsWith('customerid'))).toEqual([]);
    expect(await indexes()).toEqual([]);
    expect(await rowCount(device.db, 'quote')).toBe(quotes);
  });

  it('keeps a schema-changing update waiting while a change could not be uploaded, applies a settings-only one meanwhile, and applies the waiting one once the error is resolved', async () => {
    const device = await syncedDevice();
    const accountId = await heldAccountChange(device);

    const settingsOnly = channel.publish(SETTINGS_ONLY);
    const settingsResult = await device.engine.sync();
    expect(settingsResult.customizationUpdate).toMatchObject({ version: settingsOnly.customization.version, outcome: 'applied' });
    bed.clock.advance(60_000);

    const reshaped = channel.publish({ ...RESHAPED, settings: SETTINGS_ONLY.settings });
    const blocked = await device.engine.sync();
    expect(blocked.result).toBe('warnings');
    expect(blocked.customizationUpdate).toMatchObject({ version: reshaped.customization.version, outcome: 'waiting' });
    expect(blocked.warnings.map((warning) => warning.code)).toContain('CUSTOMIZATION_UPDATE_BLOCKED');
    const status = await device.engine.status();
    expect(status.customizationVersion).toBe(settingsOnly.customization.version);
    expect(status.pendingCustomization).toMatchObject({ version: reshaped.customization.version, revision: 3, reason: 'uploads-failed' });
    // The old customization goes on: tasks are still there, the change is still queued.
    expect(await tables(device.db)).toEqual(['account', 'contact', 'task']);
    expect(status.pendingChanges).toBe(1);
    expect((await device.engine.records.get('account', accountId))?.fields.name).toBe('Device name');
    bed.clock.advance(60_000);

    const [error] = await device.engine.errors();
    await device.engine.resolveError(error.id, 'local');
    const applied = await device.engine.sync();
    expect(applied.error).toBeUndefined();
    expect(applied.uploaded).toBe(1);
    expect(applied.customizationUpdate).toMatchObject({ version: reshaped.customization.version, outcome: 'applied' });
    expect(await tables(device.db)).toEqual(['account', 'contact', 'opportunity']);
    expect((await device.engine.status()).pendingCustomization).toBeUndefined();
    expect((await bed.store.getAsSystem('account', accountId))?.fields.name).toBe('Device name');
  });

  it('never drops the table of an entity that holds a change the server has not taken', async () => {
    const device = await syncedDevice();
    const [task] = await ownedRecords(device, 'task');
    await device.engine.records.update('task', task.id, { subject: 'Device subject' });
    bed.clock.advance(1000);
    await bed.store.updateAsSystem('task', task.id, { subject: 'Server subject' });
    bed.clock.advance(1000);
    channel.publish(RESHAPED);
    const result = await device.engine.sync();
    expect(result.conflicts).toBe(1);
    expect(result.customizationUpdate?.outcome).toBe('waiting');
    expect(await tables(device.db)).toContain('task');
    expect((await device.engine.records.get('task', task.id))?.fields.subject).toBe('Device subject');
    const [error] = await device.engine.errors();
    expect(error).toMatchObject({ entity: 'task', recordId: task.id });
    // Taking the server's side is the user's decision; then nothing holds the update back.
    await device.engine.resolveError(error.id, 'server');
    bed.clock.advance(60_000);
    const applied = await device.engine.sync();
    expect(applied.customizationUpdate?.outcome).toBe('applied');
    expect(await tables(device.db)).not.toContain('task');
  });

  it('keeps an update waiting in a background sync and applies it with Apply Update in the foreground', async () => {
    const device = await syncedDevice();
    await expect(device.engine.applyPendingCustomization()).rejects.toMatchObject({ code: 'NO_PENDING_CUSTOMIZATION' });
    const id = await device.engine.records.create('account', { name: 'Background upload' });
    const next = channel.publish(RESHAPED);
    const background = await device.engine.sync({ background: true });
    expect(background.result).toBe('warnings');
    expect(background.warnings.map((warning) => warning.code)).toEqual(['CUSTOMIZATION_UPDATE_WAITING']);
    expect(background.customizationUpdate).toMatchObject({ version: next.customization.version, outcome: 'waiting' });
    // It uploads, and stops there: no download with a customization about to change.
    expect(background.uploaded).toBe(1);
    expect((await bed.store.getAsSystem('account', id))?.fields.name).toBe('Background upload');
    expect(background.steps.map((step) => step.step)).not.toContain('download');
    expect(channel.reports[channel.reports.length - 1]).toMatchObject({ syncId: background.syncId, type: 'upload-only', success: true });
    const status = await device.engine.status();
    expect(status.pendingCustomization).toMatchObject({ version: next.customization.version, reason: 'background-sync' });
    expect(status.customizationVersion).not.toBe(next.customization.version);
    expect(await tables(device.db)).toEqual(['account', 'contact', 'task']);
    // Another background sync still does not apply it.
    bed.clock.advance(60_000);
    await device.engine.sync({ background: true });
    expect(await tables(device.db)).toEqual(['account', 'contact', 'task']);

    bed.clock.advance(60_000);
    const applied = await device.engine.applyPendingCustomization();
    expect(applied.error).toBeUndefined();
    expect(applied.customizationUpdate).toMatchObject({ version: next.customization.version, outcome: 'applied' });
    expect(await tables(device.db)).toEqual(['account', 'contact', 'opportunity']);
    expect((await device.engine.status()).pendingCustomization).toBeUndefined();
  });

  it('keeps even a first customization waiting in a background sync: nothing is set up until the foreground', async () => {
    const published = channel.publish(BASE);
    const device = await bed.device('alice', { channel });
    const background = await device.engine.sync({ background: true });
    expect(background.customizationUpdate).toEqual({ version: published.customization.version, revision: 1, outcome: 'waiting' });
    expect(background.downloaded).toBe(0);
    expect(await tables(device.db)).toEqual([]);
    expect(await device.engine.status()).toMatchObject({
      initialized: false,
      pendingCustomization: { version: published.customization.version, reason: 'background-sync' },
    });
    const applied = await device.engine.applyPendingCustomization();
    expect(applied.customizationUpdate?.outcome).toBe('applied');
    expect(applied.downloaded).toBeGreaterThan(0);
    expect(await tables(device.db)).toEqual(['account', 'contact', 'task']);
  });

  describe('an update cut short keeps the previous customization and every record', () => {
    async function stateOf(db: LocalDb) {
      return {
        version: (await readMeta<Customization>(db, 'customization'))?.version,
        tables: await tables(db),
        accountColumns: await columns(db, 'account'),
        tasks: await rowCount(db, 'task'),
        accounts: await rowCount(db, 'account'),
        changes: await rowCount(db, 'fs_change'),
      };
    }

    for (const step of ['dropped-tables', 'dropped-columns', 'created-tables', 'written'] as MigrationStep[]) {
      it(`when it fails after ${step}`, async () => {
        channel.publish(BASE);
        // Set once the device has its first customization: the update after it fails at `step`.
        const failure: { at?: MigrationStep } = {};
        const device = await bed.device('alice', {
          channel,
          testHooks: {
            onCustomizationStep: (reached) => {
              if (reached === failure.at) throw new Error(`injected failure after ${reached}`);
            },
          },
        });
        await device.engine.sync();
        bed.clock.advance(60_000);
        await device.engine.records.create('task', { subject: 'Unsent task' });
        const before = await stateOf(device.db);
        channel.publish(RESHAPED);
        failure.at = step;
        const result = await device.engine.sync();
        expect(result.result).toBe('failed');
        expect(result.error?.message).toContain(`injected failure after ${step}`);
        await device.close();

        const db = await openDeviceDatabase(device.file);
        try {
          expect(await stateOf(db)).toEqual({ ...before, changes: 0 });
        } finally {
          await db.destroy();
        }
        // The task went up before the update was tried; the next sync applies the update.
        const reopened = await bed.device('alice', { channel, file: device.file });
        bed.clock.advance(60_000);
        const retried = await reopened.engine.sync();
        expect(retried.customizationUpdate?.outcome).toBe('applied');
        expect(await tables(reopened.db)).toEqual(['account', 'contact', 'opportunity']);
      });
    }

    it('when the process is killed in the middle of it', async () => {
      channel.publish(BASE);
      const device = await bed.device('alice', { channel });
      await device.engine.sync();
      bed.clock.advance(60_000);
      const before = await stateOf(device.db);
      await device.close();

      const args: CrashChildArguments = {
        crmFile: bed.store.file,
        deviceFile: device.file,
        user: 'alice',
        now: bed.clock.now(),
        document: RESHAPED,
        step: 'created-tables',
      };
      const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, '..', 'customization-crash-child.ts'), JSON.stringify(args)], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, killed) => resolve(killed)));
      expect(output).toContain('killing at created-tables');
      expect(signal).toBe('SIGKILL');

      const db = await openDeviceDatabase(device.file);
      try {
        expect(await stateOf(db)).toEqual(before);
        const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
        expect(check.rows).toEqual([{ integrity_check: 'ok' }]);
      } finally {
        await db.destroy();
      }
      // The device starts again: the channel still offers the update, which now applies.
      channel.publish(RESHAPED);
      const reopened = await bed.device('alice', { channel, file: device.file });
      bed.clock.advance(60_000);
      const retried = await reopened.engine.sync();
      expect(retried.customizationUpdate?.outcome).toBe('applied');
      expect(await tables(reopened.db)).toEqual(['account', 'contact', 'opportunity']);
    }, 120_000);
  });
});
