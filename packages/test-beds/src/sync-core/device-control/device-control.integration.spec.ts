import { sql } from 'kysely';
import { ManualClock } from '@fieldsync/model';
import { DeviceLockedError, SYSTEM_TABLES, type LocalDb, type SyncProgress } from '@fieldsync/sync-core';
import { openDeviceDatabase } from '@fieldsync/sync-core/node';
import { createDeviceTestBed, ownedRecords, type DeviceTestBed, type TestDevice } from '../device-test-bed';
import { createInMemoryDeviceChannel, type InMemoryDeviceChannel } from '@fieldsync/sync-core/testing';

const CUSTOMIZATION = {
  entities: [{ entity: 'account', conflictPolicy: 'Manual' }, { entity: 'contact' }, { entity: 'task' }],
  settings: {},
};

async function tableNames(db: LocalDb): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db);
  return rows.rows.map((row) => row.name);
}

async function rowCount(db: LocalDb, table: string): Promise<number> {
  return Number((await sql<{ n: number }>`select count(*) as n from ${sql.id(table)}`.execute(db)).rows[0].n);
}

describe('device control from the administrator', () => {
  let bed: DeviceTestBed;
  let channel: InMemoryDeviceChannel;

  beforeEach(async () => {
    bed = await createDeviceTestBed(150);
    channel = createInMemoryDeviceChannel({ schema: () => bed.store.schema(), clock: bed.clock });
    channel.publish(CUSTOMIZATION);
  });

  afterEach(async () => {
    await bed.close();
  });

  async function syncedDevice(options: { onProgress?: (progress: SyncProgress) => void } = {}): Promise<TestDevice> {
    const device = await bed.device('alice', { channel, ...options });
    expect((await device.engine.sync()).error).toBeUndefined();
    bed.clock.advance(60_000);
    return device;
  }

  /** A local edit of one of alice's accounts that the server refuses as a conflict (Manual): it stays unsent. */
  async function conflictedAccount(device: TestDevice): Promise<string> {
    const [account] = await ownedRecords(device, 'account');
    await device.engine.records.update('account', account.id, { name: 'Device name' });
    bed.clock.advance(1000);
    await bed.store.updateAsSystem('account', account.id, { name: 'Server name' });
    bed.clock.advance(1000);
    expect((await device.engine.sync()).conflicts).toBe(1);
    bed.clock.advance(60_000);
    return account.id;
  }

  describe('lock', () => {
    it('refuses every local read and write, offline too, uploads what was changed before and downloads nothing until unlocked', async () => {
      const device = await syncedDevice();
      const [account] = await ownedRecords(device, 'account');
      const [task] = await ownedRecords(device, 'task');
      const madeBefore = await device.engine.records.create('account', { name: 'Made before the lock' });
      const lock = channel.lock();
      await bed.store.updateAsSystem('account', account.id, { name: 'Renamed on the server' });
      bed.clock.advance(1000);

      const locked = await device.engine.sync();
      expect(locked.result).toBe('failed');
      expect(locked.error?.code).toBe('DEVICE_LOCKED');
      expect(locked.uploaded).toBe(1);
      expect((await bed.store.getAsSystem('account', madeBefore))?.fields.name).toBe('Made before the lock');
      expect(locked.steps.map((step) => step.step)).not.toContain('download');
      expect(channel.reports[channel.reports.length - 1]).toMatchObject({ syncId: locked.syncId, type: 'upload-only', success: false, uploads: 1 });
      expect(channel.completedCommands).toEqual([expect.objectContaining({ id: lock.id, kind: 'lock', status: 'done' })]);

      const records = device.engine.records;
      const attempts: Array<[string, () => Promise<unknown>]> = [
        ['get', () => records.get('account', account.id)],
        ['list', () => records.list('account')],
        ['create', () => records.create('account', { name: 'While locked' })],
        ['update', () => records.update('account', account.id, { name: 'While locked' })],
        ['delete', () => records.delete('account', account.id)],
        ['setState', () => records.setState('task', task.id, 1, 5)],
        ['associate', () => records.associate('opportunity_stakeholder', 'contact', 'c', 'opportunity', 'o')],
        ['disassociate', () => records.disassociate('opportunity_stakeholder', 'contact', 'c', 'opportunity', 'o')],
        ['errors', () => device.engine.errors()],
      ];
      for (const [name, attempt] of attempts) {
        const error = await attempt().then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect([name, error]).toEqual([name, expect.any(DeviceLockedError)]);
        expect((error as DeviceLockedError).code).toBe('DEVICE_LOCKED');
        expect((error as DeviceLockedError).message).toMatch(/administrator locked this device/);
      }
      expect((await device.engine.status()).deviceState).toBe('locked');
      expect(await rowCount(device.db, SYSTEM_TABLES.change)).toBe(0);

      // Offline, without the channel, the lock still holds.
      await device.close();
      const offline = await bed.device('alice', { file: device.file });
      await expect(offline.engine.records.list('account')).rejects.toMatchObject({ code: 'DEVICE_LOCKED' });
      await offline.close();

      const unlock = channel.unlock();
      bed.clock.advance(60_000);
      const unlocked = await bed.device('alice', { channel, file: device.file });
      const result = await unlocked.engine.sync();
      expect(result.error).toBeUndefined();
      expect((await unlocked.engine.status()).deviceState).toBe('active');
      expect(channel.completedCommands.map((command) => [command.kind, command.status])).toEqual([
        ['lock', 'done'],
        ['unlock', 'done'],
      ]);
      expect(channel.completedCommands[1].id).toBe(unlock.id);
      expect((await unlocked.engine.records.get('account', account.id))?.fields.name).toBe('Renamed on the server');
    });
  });

  describe('wipe', () => {
    async function expectErased(device: TestDevice): Promise<void> {
      expect(await tableNames(device.db)).toEqual([...Object.values(SYSTEM_TABLES)].sort());
      for (const table of Object.values(SYSTEM_TABLES)) {
        if (table === SYSTEM_TABLES.meta) continue;
        expect([table, await rowCount(device.db, table)]).toEqual([table, 0]);
      }
      const meta = await device.db.selectFrom(SYSTEM_TABLES.meta).select('key').execute();
      expect(meta.map((row) => row.key)).toEqual(['format']);
      await expect(device.engine.records.list('account')).rejects.toMatchObject({ code: 'DEVICE_WIPED' });
      await expect(device.engine.sync()).rejects.toMatchObject({ code: 'DEVICE_WIPED' });
    }

    it('erases every record, change, anchor, error and stored fact, and reports the wipe done when the channel still answers', async () => {
      const device = await syncedDevice();
      await conflictedAccount(device);
      await device.engine.records.create('contact', { lastname: 'Unsent' });
      expect(await rowCount(device.db, SYSTEM_TABLES.error)).toBe(1);
      const order = channel.wipe();
      const result = await device.engine.sync();
      expect(result.wiped).toBe(true);
      expect(result.result).toBe('failed');
      expect(result.error?.code).toBe('DEVICE_WIPED');
      expect(result.uploaded).toBe(0);
      await expectErased(device);
      expect(channel.completedCommands).toEqual([expect.objectContaining({ id: order.id, kind: 'wipe', status: 'done' })]);
      // The wiped device's session holds only for its order: its sync report is refused.
      expect(result.warnings.map((warning) => warning.code)).toEqual(expect.arrayContaining(['SYNC_REPORT_FAILED']));
      expect(channel.reports.map((report) => report.syncId)).not.toContain(result.syncId);
      // The file is still a Fieldsync database: the caller may open it again (as a new, empty device).
      await device.close();
      const db = await openDeviceDatabase(device.file);
      await db.destroy();
    });

    it('erases the device when the bridge has already ended its session', async () => {
      const device = await syncedDevice();
      const [account] = await ownedRecords(device, 'account');
      await device.engine.records.update('account', account.id, { name: 'Never sent' });
      channel.wipe({ endSessions: true });
      const result = await device.engine.sync();
      expect(result.wiped).toBe(true);
      expect(result.warnings.map((warning) => warning.code)).toEqual(expect.arrayContaining(['SYNC_REPORT_FAILED']));
      await expectErased(device);
      expect(channel.completedCommands).toEqual([]);
    });

    it("wipes on the app's own call too, and not while a sync runs", async () => {
      const device = await syncedDevice();
      const running = device.engine.sync();
      await expect(device.engine.wipe()).rejects.toMatchObject({ code: 'SYNC_IN_PROGRESS' });
      await running;
      await device.engine.wipe();
      await expectErased(device);
    });
  });

  describe('forced full sync', () => {
    it('runs once when issued after the last sync started, downloads every entity in full and reports the command done', async () => {
      const device = await syncedDevice();
      // A row the server never sent: only a full download notices it is not on the server.
      await device.db.insertInto('contact').values({ contactid: 'stray-contact', lastname: 'Stray' }).execute();
      const order = channel.forceFullSync();
      bed.clock.advance(1000);
      const result = await device.engine.sync();
      expect(result.error).toBeUndefined();
      expect(result.kind).toBe('full');
      expect(result.forcedFullSync).toEqual({ commandId: order.id, discardedChanges: 0 });
      expect(result.decisions.every((decision) => decision.mode === 'full' && decision.reason === 'forced')).toBe(true);
      expect(await device.db.selectFrom('contact').select('contactid').where('contactid', '=', 'stray-contact').executeTakeFirst()).toBeUndefined();
      expect(channel.completedCommands).toEqual([expect.objectContaining({ id: order.id, status: 'done' })]);
      expect(channel.reports[channel.reports.length - 1]).toMatchObject({ syncId: result.syncId, type: 'full', success: true });
      bed.clock.advance(60_000);
      const next = await device.engine.sync();
      expect(next.forcedFullSync).toBeUndefined();
      expect(next.decisions.some((decision) => decision.mode === 'full')).toBe(false);
    });

    it('downloads only the entities the order names', async () => {
      const device = await syncedDevice();
      channel.forceFullSync({ entities: ['contact'] });
      bed.clock.advance(1000);
      const result = await device.engine.sync();
      const modes = new Map(result.decisions.map((decision) => [decision.entity, decision.mode]));
      expect(modes.get('contact')).toBe('full');
      expect(modes.get('account')).not.toBe('full');
      expect(modes.get('task')).not.toBe('full');
    });

    it('refuses to run while local changes could not be uploaded, says how many, downloads nothing and stays due', async () => {
      const device = await syncedDevice();
      const accountId = await conflictedAccount(device);
      const [contact] = await ownedRecords(device, 'contact');
      await bed.store.updateAsSystem('contact', contact.id, { lastname: 'Changed on the server' });
      const order = channel.forceFullSync();
      bed.clock.advance(1000);
      const refused = await device.engine.sync();
      expect(refused.result).toBe('failed');
      expect(refused.error?.code).toBe('FORCED_FULL_SYNC_BLOCKED');
      expect(refused.error?.message).toContain('1 local change could not be uploaded');
      expect(refused.decisions).toEqual([]);
      expect(refused.downloaded).toBe(0);
      expect((await device.engine.records.get('contact', contact.id))?.fields.lastname).not.toBe('Changed on the server');
      expect(channel.completedCommands).toEqual([]);

      // Still refused at the next sync: the order stays due until the user resolves the error.
      bed.clock.advance(60_000);
      expect((await device.engine.sync()).error?.code).toBe('FORCED_FULL_SYNC_BLOCKED');
      const [error] = await device.engine.errors();
      await device.engine.resolveError(error.id, 'local');
      bed.clock.advance(60_000);
      const ran = await device.engine.sync();
      expect(ran.error).toBeUndefined();
      expect(ran.forcedFullSync?.commandId).toBe(order.id);
      expect((await bed.store.getAsSystem('account', accountId))?.fields.name).toBe('Device name');
      expect((await device.engine.records.get('contact', contact.id))?.fields.lastname).toBe('Changed on the server');
      expect(channel.completedCommands.map((command) => command.id)).toEqual([order.id]);
    });

    it('drops the changes that could not be uploaded when the order says so: edited records go back, created ones go away', async () => {
      const device = await syncedDevice();
      const accountId = await conflictedAccount(device);
      // A create the server refuses (the id is taken by a record the device has not downloaded yet), and
      // a contact under it, which waits for it: neither can be uploaded.
      const [takenId] = await bed.store.insertMany('account', [{ name: 'Server only' }], { ownerId: bed.userId('alice') });
      await device.engine.records.create('account', { name: 'Device create' }, { id: takenId });
      const contactId = await device.engine.records.create('contact', { lastname: 'Blocked', parentcustomerid: { entity: 'account', id: takenId } });
      const order = channel.forceFullSync({ discardLocalChanges: true });
      bed.clock.advance(1000);
      const result = await device.engine.sync();
      expect(result.error).toBeUndefined();
      expect(result.forcedFullSync).toEqual({ commandId: order.id, discardedChanges: 3 });
      expect(result.warnings.map((warning) => warning.code)).toContain('LOCAL_CHANGES_DISCARDED');
      expect(await device.engine.records.get('contact', contactId)).toBeUndefined();
      expect((await device.engine.records.get('account', takenId))?.fields.name).toBe('Server only');
      expect((await device.engine.records.get('account', accountId))?.fields.name).toBe('Server name');
      const status = await device.engine.status();
      expect([status.pendingChanges, status.syncErrors]).toEqual([0, 0]);
      expect(await rowCount(device.db, SYSTEM_TABLES.shadow)).toBe(0);
      expect(await bed.store.getAsSystem('contact', contactId)).toBeUndefined();
      expect((await bed.store.getAsSystem('account', accountId))?.fields.name).toBe('Server name');
      expect(channel.completedCommands.map((command) => command.id)).toEqual([order.id]);
    });

    it('stops a background sync with "Please Start Sync Manually" and changes nothing; the foreground sync runs it', async () => {
      const device = await syncedDevice();
      const id = await device.engine.records.create('account', { name: 'Waits for the foreground' });
      const [contact] = await ownedRecords(device, 'contact');
      await bed.store.updateAsSystem('contact', contact.id, { lastname: 'Changed on the server' });
      const order = channel.forceFullSync();
      bed.clock.advance(1000);
      const background = await device.engine.sync({ background: true });
      expect(background.result).toBe('failed');
      expect(background.error).toEqual({ code: 'MANUAL_SYNC_REQUIRED', message: 'Please Start Sync Manually: Administrator Forced Full Sync' });
      expect(background.uploaded + background.downloaded).toBe(0);
      expect(await bed.store.getAsSystem('account', id)).toBeUndefined();
      expect((await device.engine.records.get('contact', contact.id))?.fields.lastname).not.toBe('Changed on the server');
      expect((await device.engine.status()).pendingChanges).toBe(1);
      expect(channel.completedCommands).toEqual([]);

      bed.clock.advance(60_000);
      const foreground = await device.engine.sync();
      expect(foreground.error).toBeUndefined();
      expect(foreground.forcedFullSync?.commandId).toBe(order.id);
      expect(foreground.uploaded).toBe(1);
      expect((await device.engine.records.get('contact', contact.id))?.fields.lastname).toBe('Changed on the server');
    });

    it("runs an order issued by a bridge whose clock is behind the device's (the order is older than the last sync start)", async () => {
      const behind = new ManualClock(bed.clock.now() - 3_600_000);
      channel = createInMemoryDeviceChannel({ schema: () => bed.store.schema(), clock: behind });
      channel.publish(CUSTOMIZATION);
      const device = await syncedDevice();
      const order = channel.forceFullSync();
      const result = await device.engine.sync();
      expect(result.forcedFullSync?.commandId).toBe(order.id);
      expect(result.decisions.every((decision) => decision.mode === 'full')).toBe(true);
      bed.clock.advance(60_000);
      expect((await device.engine.sync()).forcedFullSync).toBeUndefined();
    });

    for (const bridgeClock of ["the same as the device's", "ahead of the device's"] as const) {
      it(`finishes a forced full sync cut short by a failed download at the next sync, and only then reports it done (bridge clock ${bridgeClock})`, async () => {
        if (bridgeClock !== "the same as the device's") {
          // The order looks issued after every sync start: it must still be continued, not begun again.
          channel = createInMemoryDeviceChannel({ schema: () => bed.store.schema(), clock: new ManualClock(bed.clock.now() + 3_600_000) });
          channel.publish(CUSTOMIZATION);
        }
        await finishesCutShortForcedSync();
      });
    }

    async function finishesCutShortForcedSync(): Promise<void> {
      // One entity at a time, parents first: account, then contact, then task.
      channel.publish({ ...CUSTOMIZATION, settings: { MultiThreadSync: false } });
      let failAfterAccounts = false;
      const device = await syncedDevice({
        onProgress: (progress) => {
          if (failAfterAccounts && progress.step === 'download' && progress.entity === 'account' && progress.total !== undefined) {
            failAfterAccounts = false;
            bed.transport.failNext(1);
          }
        },
      });
      const order = channel.forceFullSync();
      bed.clock.advance(1000);
      failAfterAccounts = true;
      const cut = await device.engine.sync();
      expect(cut.result).toBe('failed');
      expect(cut.error?.code).toBe('TRANSIENT');
      // Accounts were downloaded in full before the failure, contacts were not.
      const lastFull = new Map((await device.engine.status()).entities.map((entity) => [entity.entity, entity.lastFullSyncStart]));
      expect(lastFull.get('account')).toBe(cut.startedAt);
      expect(lastFull.get('contact')).not.toBe(cut.startedAt);
      expect(channel.completedCommands).toEqual([]);

      bed.clock.advance(60_000);
      const finished = await device.engine.sync();
      expect(finished.error).toBeUndefined();
      const modes = new Map(finished.decisions.map((decision) => [decision.entity, decision.mode]));
      expect(modes.get('account')).not.toBe('full');
      expect(modes.get('contact')).toBe('full');
      expect(modes.get('task')).toBe('full');
      expect(channel.completedCommands.map((command) => command.id)).toEqual([order.id]);
      bed.clock.advance(60_000);
      expect((await device.engine.sync()).decisions.some((decision) => decision.mode === 'full')).toBe(false);
    }
  });
});
