import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { createBridgeConnector } from '@fieldsync/connector-bridge';
import { openSyncEngine, verifyDeviceDatabase, type LocalDb, type SyncResult } from '@fieldsync/sync-core';
import type { DeviceAnswer, DeviceJob, DeviceReport } from './device-job';
import { sqliteWasmDatabase, type WasmDatabase } from './sqlite-wasm-database';

/** The OPFS file of the device database, inside the SAH pool. */
const DATABASE_FILE = '/fieldsync-device.db';

/** The dedicated worker's global scope, as far as used (the workspace typechecks without the DOM lib). */
const scope = globalThis as unknown as {
  onmessage: ((event: { readonly data: DeviceJob }) => void) | null;
  postMessage(answer: DeviceAnswer): void;
  readonly navigator: { readonly userAgent: string };
};

/**
 * A browser app's device, in a dedicated worker (OPFS sync access handles exist only there): SQLite
 * WASM on the OPFS SAH-pool VFS under kysely's `SqliteDialect`, the engine, and the bridge connector on
 * the platform's `fetch`. Answers the page's one {@link DeviceJob} with a {@link DeviceReport}.
 */
scope.onmessage = (event) => {
  runDevice(event.data).then(
    (report) => scope.postMessage({ ok: true, report }),
    (error: unknown) => scope.postMessage({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
};

async function runDevice(job: DeviceJob): Promise<DeviceReport> {
  const sqlite3 = await sqlite3InitModule();
  // The SAH pool needs no SharedArrayBuffer, so no COOP/COEP headers; a fresh pool per test run.
  const pool = await sqlite3.installOpfsSAHPoolVfs({ name: 'fieldsync-browser-test', clearOnInit: true });
  const open = (): LocalDb =>
    new Kysely({ dialect: new SqliteDialect({ database: sqliteWasmDatabase(new pool.OpfsSAHPoolDb(DATABASE_FILE) as unknown as WasmDatabase) }) });

  const db = open();
  await verifyDeviceDatabase(db, `opfs:${DATABASE_FILE}`);
  const connector = createBridgeConnector({ url: job.bridgeUrl, userName: job.userName, password: job.password, deviceId: job.deviceId, appVersion: '1.0.0' });
  let firstSync: SyncResult;
  let secondSync: SyncResult;
  let localRecords: number;
  let recordId: string;
  try {
    await connector.signIn();
    await connector.registerDevice({ deviceId: job.deviceId, name: 'Chromium test device', os: scope.navigator.userAgent, appVersion: '1.0.0' });
    const engine = await openSyncEngine({ db, connector, channel: connector, appVersion: '1.0.0' });
    firstSync = await engine.sync();
    const records = await engine.records.list(job.entity, { limit: 100_000 });
    localRecords = records.length;
    if (records.length === 0) throw new Error(`the first sync brought no ${job.entity} records (${firstSync.result}: ${firstSync.error?.message ?? ''})`);
    const { userId } = await connector.whoAmI();
    const owned = records.find((record) => ownerOf(record.fields[job.ownerField]) === userId);
    if (!owned) throw new Error(`none of the ${records.length} ${job.entity} records on the device is owned by ${job.userName}`);
    recordId = owned.id;
    await engine.records.update(job.entity, recordId, { [job.field]: job.value });
    secondSync = await engine.sync();
  } finally {
    await connector.close();
    await db.destroy();
  }

  // The file lives on in OPFS: a new connection reads what the engine wrote.
  const reopened = open();
  try {
    await verifyDeviceDatabase(reopened, `opfs:${DATABASE_FILE}`);
    const count = await sql<{ n: number }>`select count(*) as n from ${sql.table(job.entity)}`.execute(reopened);
    const edited = await sql<
      Record<string, unknown>
    >`select ${sql.ref(job.field)} as value from ${sql.table(job.entity)} where ${sql.ref(job.primaryKey)} = ${recordId}`.execute(reopened);
    return {
      nodeGlobals: { process: typeof (globalThis as { process?: unknown }).process, Buffer: typeof (globalThis as { Buffer?: unknown }).Buffer },
      vfs: pool.vfsName,
      firstSync: {
        result: firstSync.result,
        downloaded: firstSync.downloaded,
        ...(firstSync.error ? { error: `${firstSync.error.code}: ${firstSync.error.message}` } : {}),
      },
      secondSync: {
        result: secondSync.result,
        uploaded: secondSync.uploaded,
        ...(secondSync.error ? { error: `${secondSync.error.code}: ${secondSync.error.message}` } : {}),
      },
      localRecords,
      recordId,
      reopenedRecords: Number(count.rows[0].n),
      reopenedValue: edited.rows[0]?.value,
    };
  } finally {
    await reopened.destroy();
  }
}

/** The id in an owner field's value: an id, or a reference object with one. */
function ownerOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : value;
}
