import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KyselyPlugin } from 'kysely';
import type { CrmConnector, DeviceChannel } from '@fieldsync/connector-api';
import { createEmbeddedConnector } from '@fieldsync/connector-embedded';
import { FaultInjectingTransport } from '@fieldsync/connector-embedded/testing';
import { openCrmStore, type CrmStore } from '@fieldsync/crm-store';
import { DEMO_PASSWORD, generateDemoOrg, seedDemoOrg, type DemoOrg } from '@fieldsync/demo-org';
import { ManualClock, isEntityReference, parseCustomization, type CrmRecord, type Customization } from '@fieldsync/model';
import { openDeviceDatabase } from '@fieldsync/sync-core/node';
import { openSyncEngine, type LocalDb, type SyncEngine, type SyncEngineOptions, type SyncProgress } from '@fieldsync/sync-core';

/** A reference CRM seeded with the demo org in a temporary directory, and devices that sync with it. */
export interface DeviceTestBed {
  readonly dir: string;
  readonly store: CrmStore;
  readonly org: DemoOrg;
  readonly clock: ManualClock;
  readonly transport: FaultInjectingTransport;
  /** Opens a device (a database file of its own, or `file` again) for a demo user. */
  device(user: string, options?: TestDeviceOptions): Promise<TestDevice>;
  /** The id of a demo user. */
  userId(user: string): string;
  close(): Promise<void>;
}

/** How {@link DeviceTestBed.device} opens a device. */
export interface TestDeviceOptions {
  /** A customization document, parsed against the CRM's schema. */
  readonly customization?: unknown;
  readonly file?: string;
  readonly onProgress?: (progress: SyncProgress) => void;
  /** A device channel (the engine then takes its customization from it). */
  readonly channel?: DeviceChannel;
  readonly appVersion?: string;
  readonly testHooks?: SyncEngineOptions['testHooks'];
  /** Change-log rows the upload reads at once. */
  readonly changeLogPageSize?: number;
  /** Kysely plugins the engine's database goes through (to observe its queries). */
  readonly plugins?: readonly KyselyPlugin[];
  /** How the engine keeps attachment bodies (`SyncConnectionOptions.attachments`). */
  readonly attachments?: SyncEngineOptions['attachments'];
  /** Wraps the device's real connector (to inject a fault into one of its calls). */
  readonly wrapConnector?: (connector: CrmConnector) => CrmConnector;
}

/** An engine over its own database file, signed in as one demo user. */
export interface TestDevice {
  readonly engine: SyncEngine;
  readonly file: string;
  /** The device database, for checks below the engine. */
  readonly db: LocalDb;
  readonly connector: CrmConnector;
  close(): Promise<void>;
}

/** Builds a {@link DeviceTestBed}: the demo org with `records` business records, on a manual clock. */
export async function createDeviceTestBed(records = 300): Promise<DeviceTestBed> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldsync-sync-core-'));
  const clock = new ManualClock(Date.parse('2026-01-05T09:00:00Z'));
  const store = await openCrmStore({ file: path.join(dir, 'crm.sqlite'), clock });
  const org = generateDemoOrg({ records });
  await seedDemoOrg(store, org);
  const transport = new FaultInjectingTransport();
  const devices: TestDevice[] = [];
  let count = 0;
  return {
    dir,
    store,
    org,
    clock,
    transport,
    userId: (user) => {
      const found = org.users.find((candidate) => candidate.userName === user);
      if (!found) throw new Error(`no demo user ${user}`);
      return found.id;
    },
    async device(user, options = {}) {
      count += 1;
      const file = options.file ?? path.join(dir, `device-${user}-${count}.sqlite`);
      const connector = createEmbeddedConnector({ store, userName: user, password: DEMO_PASSWORD, transport });
      const db = await openDeviceDatabase(file, { driver: testDeviceDriver() });
      const customization: Customization | undefined = options.customization
        ? parseCustomization(options.customization, store.schema()).customization
        : undefined;
      const engine = await openSyncEngine({
        db: (options.plugins ?? []).reduce<LocalDb>((wrapped, plugin) => wrapped.withPlugin(plugin), db),
        connector: options.wrapConnector ? options.wrapConnector(connector) : connector,
        clock,
        ...(customization ? { customization } : {}),
        ...(options.attachments ? { attachments: options.attachments } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.channel ? { channel: options.channel } : {}),
        ...(options.appVersion ? { appVersion: options.appVersion } : {}),
        ...(options.testHooks ? { testHooks: options.testHooks } : {}),
        ...(options.changeLogPageSize ? { changeLogPageSize: options.changeLogPageSize } : {}),
      }).catch(async (error: unknown) => {
        await connector.close();
        await db.destroy();
        throw error;
      });
      const device: TestDevice = {
        engine,
        file,
        db,
        connector,
        async close() {
          await connector.close();
          await db.destroy();
        },
      };
      devices.push(device);
      return device;
    },
    async close() {
      for (const device of devices) await device.close().catch(() => undefined);
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A customization document synchronising every entity of the demo schema, with per-entity overrides
 * (`{ account: { conflictPolicy: 'Manual' } }`) and settings.
 */
export function demoCustomization(
  bed: DeviceTestBed,
  overrides: Record<string, Record<string, unknown>> = {},
  settings: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    entities: bed.store.schema().entities.map((entity) => ({ entity: entity.name, ...(overrides[entity.name] ?? {}) })),
    settings,
  };
}

/** The device's records of an entity owned by the device's user (those a sales rep may change). */
export async function ownedRecords(device: TestDevice, entity: string): Promise<CrmRecord[]> {
  const { userId } = await device.connector.whoAmI();
  const records = await device.engine.records.list(entity, { limit: 100_000 });
  const owned = records.filter((record) => isEntityReference(record.fields.ownerid) && record.fields.ownerid.id === userId);
  if (owned.length === 0) throw new Error(`no ${entity} owned by ${userId} on the device`);
  return owned;
}

/**
 * The driver of the test devices' databases: the default (`worker`) unless `FIELDSYNC_TEST_DEVICE_DRIVER`
 * names another, so the same specs run the engine over both (`FIELDSYNC_TEST_DEVICE_DRIVER=sqlite3 npx jest ...`).
 */
export function testDeviceDriver(): 'worker' | 'sqlite3' {
  const named = process.env['FIELDSYNC_TEST_DEVICE_DRIVER'];
  if (named === undefined || named === '' || named === 'worker') return 'worker';
  if (named === 'sqlite3') return 'sqlite3';
  throw new Error(`FIELDSYNC_TEST_DEVICE_DRIVER: expected worker or sqlite3, got '${named}'`);
}
