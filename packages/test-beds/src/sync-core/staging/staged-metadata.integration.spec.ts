import { sql } from 'kysely';
import type { Customization } from '@fieldsync/model';
import { SYSTEM_TABLES, type LocalDb } from '@fieldsync/sync-core';
import { createInMemoryDeviceChannel, type InMemoryDeviceChannel } from '@fieldsync/sync-core/testing';
import { createDeviceTestBed, ownedRecords, type DeviceTestBed, type TestDevice, type TestDeviceOptions } from '../device-test-bed';

/** The customization the device starts with. */
const BASE = {
  entities: [
    { entity: 'account', fields: ['name', 'telephone1', 'ownerid', 'statecode', 'statuscode'], conflictPolicy: 'Manual' },
    { entity: 'contact' },
    { entity: 'task', conflictPolicy: 'Manual' },
  ],
  settings: {},
};

/** BASE with other settings only. */
const SETTINGS_ONLY = { ...BASE, settings: { MaxSyncCount: 100_000, UploadRecordsInChronologicalOrder: false } };

/** BASE with opportunities added and tasks dropped. */
const RESHAPED = {
  entities: [
    { entity: 'account', fields: ['name', 'telephone1', 'ownerid', 'statecode', 'statuscode'], conflictPolicy: 'Manual' },
    { entity: 'contact' },
    { entity: 'opportunity' },
  ],
  settings: {},
};

async function customizationVersion(db: LocalDb): Promise<string | undefined> {
  const row = await db.selectFrom(SYSTEM_TABLES.meta).select('value').where('key', '=', 'customization').executeTakeFirst();
  return row ? (JSON.parse(row.value as string) as Customization).version : undefined;
}

async function tables(db: LocalDb): Promise<string[]> {
  const rows = await sql<{
    name: string;
  }>`select name from sqlite_master where type = 'table' and name not like 'fs_%' and name not like 'sqlite_%' order by name`.execute(db);
  return rows.rows.map((row) => row.name);
}

describe('a staged sync stages the metadata with the data', () => {
  let bed: DeviceTestBed;
  let channel: InMemoryDeviceChannel;

  beforeEach(async () => {
    bed = await createDeviceTestBed(150);
    channel = createInMemoryDeviceChannel({ schema: () => bed.store.schema(), clock: bed.clock });
  });

  afterEach(async () => {
    await bed.close();
  });

  async function syncedDevice(options: Omit<TestDeviceOptions, 'channel'> = {}): Promise<TestDevice> {
    channel.publish(BASE);
    const device = await bed.device('alice', { channel, ...options });
    expect((await device.engine.sync()).error).toBeUndefined();
    bed.clock.advance(60_000);
    return device;
  }

  /** Changes every contact of alice's on the server: the staged sync has data to stage. */
  async function changeContactsOnServer(device: TestDevice, title: string): Promise<void> {
    for (const contact of await ownedRecords(device, 'contact')) await bed.store.updateAsSystem('contact', contact.id, { jobtitle: title });
    bed.clock.advance(1000);
  }

  it('holds a settings change until Apply Update, shows it in the status, and applies it with the data', async () => {
    const device = await syncedDevice();
    const before = await customizationVersion(device.db);
    await changeContactsOnServer(device, 'Staged title');
    const next = channel.publish(SETTINGS_ONLY);
    const staged = await device.engine.sync({ staged: true });
    expect(staged.error).toBeUndefined();
    expect(staged.updatesAvailable).toBeDefined();
    expect(staged.log.find((line) => line.startsWith('<UpdatesAvailable'))).toContain(`CustomizationRevision="${next.revision}"`);
    // The live customization (its settings) did not change.
    expect(await customizationVersion(device.db)).toBe(before);
    const status = await device.engine.status();
    expect(status.customizationVersion).toBe(before);
    expect(status.updates?.metadata).toEqual({ version: next.customization.version, revision: next.revision });

    const applied = await device.engine.applyUpdate();
    expect(applied.customizationUpdate).toEqual({ version: next.customization.version, revision: next.revision, outcome: 'applied' });
    expect(await customizationVersion(device.db)).toBe(next.customization.version);
    expect((await device.engine.status()).customizationVersion).toBe(next.customization.version);
    const contacts = await ownedRecords(device, 'contact');
    expect(contacts.every((contact) => contact.fields.jobtitle === 'Staged title')).toBe(true);
    // Applied: the next sync is offered nothing new.
    const after = await device.engine.sync();
    expect(after.customizationUpdate).toBeUndefined();
  });

  it('stages a customization change that came without any data change, and keeps the tables until Apply Update reshapes them', async () => {
    const device = await syncedDevice();
    const next = channel.publish(RESHAPED);
    const staged = await device.engine.sync({ staged: true });
    expect(staged.error).toBeUndefined();
    expect(staged.updatesAvailable?.counts.changed).toBe(0);
    expect(await tables(device.db)).toEqual(['account', 'contact', 'task']);
    const applied = await device.engine.applyUpdate();
    expect(applied.customizationUpdate?.outcome).toBe('applied');
    expect(await tables(device.db)).toEqual(['account', 'contact', 'opportunity']);
    // The new entity downloads in full at the next sync.
    const full = await device.engine.sync();
    expect(full.decisions.find((decision) => decision.entity === 'opportunity')?.mode).toBe('full');
    expect(await customizationVersion(device.db)).toBe(next.customization.version);
  });

  it('applies neither the data nor the customization when the apply dies in its swap, and both at the next apply', async () => {
    let fail = true;
    const device = await syncedDevice({
      testHooks: {
        onApplyPoint: () => {
          if (fail) throw new Error('killed mid-apply (injected)');
        },
      },
    });
    const before = await customizationVersion(device.db);
    const contactsBefore = await ownedRecords(device, 'contact');
    await changeContactsOnServer(device, 'Staged title');
    const next = channel.publish(RESHAPED);
    expect((await device.engine.sync({ staged: true })).updatesAvailable).toBeDefined();
    await expect(device.engine.applyUpdate()).rejects.toThrow('killed mid-apply');
    expect(await customizationVersion(device.db)).toBe(before);
    expect(await tables(device.db)).toEqual(['account', 'contact', 'task']);
    expect(await ownedRecords(device, 'contact')).toEqual(contactsBefore);
    expect((await device.engine.status()).updates?.metadata?.version).toBe(next.customization.version);

    fail = false;
    const applied = await device.engine.applyUpdate();
    expect(applied.customizationUpdate?.outcome).toBe('applied');
    expect(await customizationVersion(device.db)).toBe(next.customization.version);
    expect(await tables(device.db)).toEqual(['account', 'contact', 'opportunity']);
    expect((await ownedRecords(device, 'contact')).every((contact) => contact.fields.jobtitle === 'Staged title')).toBe(true);
  });

  it('keeps a table-reshaping customization waiting while a local change is not on the server, and applies the data', async () => {
    const device = await syncedDevice();
    const before = await customizationVersion(device.db);
    await changeContactsOnServer(device, 'Staged title');
    const next = channel.publish(RESHAPED);
    expect((await device.engine.sync({ staged: true })).updatesAvailable).toBeDefined();
    const [contact] = await ownedRecords(device, 'contact');
    await device.engine.records.update('contact', contact.id, { firstname: 'Queued' });
    const applied = await device.engine.applyUpdate();
    expect(applied.customizationUpdate).toEqual({ version: next.customization.version, revision: next.revision, outcome: 'waiting' });
    expect(await customizationVersion(device.db)).toBe(before);
    expect((await device.engine.status()).pendingCustomization).toMatchObject({ version: next.customization.version, reason: 'uploads-failed' });
    expect((await device.engine.records.get('contact', contact.id))?.fields).toMatchObject({ firstname: 'Queued', jobtitle: 'Staged title' });
  });
});
