import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { columnsOf, isReferenceType, sqliteColumnType, type EntitySchema } from '@fieldsync/model';
import type { SyncJobResult, UpsertCeilingJob } from './sync-job';

/** Rows per transaction of the ceiling (and per untimed read of the server's rows). */
const ROWS_PER_TRANSACTION = 20_000;

/** The part of better-sqlite3 the ceiling uses (the package ships no types). */
interface BetterSqliteStatement {
  run(...params: unknown[]): unknown;
  raw(toggle: boolean): BetterSqliteStatement;
  all(...params: unknown[]): unknown[][];
}
interface BetterSqliteDatabase {
  prepare(sql: string): BetterSqliteStatement;
  exec(sql: string): void;
  pragma(source: string): unknown;
  close(): void;
}
type BetterSqliteConstructor = new (file: string, options?: { readonly?: boolean }) => BetterSqliteDatabase;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The device table's columns: the entity's field columns (a lookup has two), then the version and generation. */
function deviceColumns(entity: EntitySchema): string[] {
  return entity.fields.flatMap((field) => columnsOf(field));
}

/** The same table the engine creates for the entity (column types, primary key, parent-lookup indexes). */
function createDeviceTable(db: BetterSqliteDatabase, entity: EntitySchema): void {
  const columns = entity.fields.flatMap((field) =>
    columnsOf(field).map((column, index) => {
      if (column === entity.primaryKey) return `${quote(column)} TEXT PRIMARY KEY NOT NULL`;
      return `${quote(column)} ${index === 0 ? sqliteColumnType(field) : 'TEXT'}`;
    }),
  );
  db.exec(`CREATE TABLE ${quote(entity.name)} (${[...columns, '"__version" TEXT', '"__generation" INTEGER NOT NULL DEFAULT 0'].join(', ')})`);
  for (const field of entity.fields) {
    if (field.parent && isReferenceType(field.type))
      db.exec(`CREATE INDEX ${quote(`${entity.name}__${field.name}`)} ON ${quote(entity.name)} (${quote(field.name)})`);
  }
}

/**
 * The ceiling of a full download on this machine: every row of the job's entities, read from the
 * server file in keyset chunks of 20,000 (not timed), upserted into a device-shaped table by one prepared
 * better-sqlite3 statement (`INSERT … ON CONFLICT DO UPDATE`) in 20,000-row transactions (timed).
 * Synchronous, no validation, no conversion: what no engine can beat.
 */
export function runUpsertCeiling(job: UpsertCeilingJob): SyncJobResult {
  const Database = createRequire(__filename)('better-sqlite3') as BetterSqliteConstructor;
  const server = new Database(job.serverFile, { readonly: true });
  const device = new Database(job.deviceFile);
  try {
    device.pragma('journal_mode = WAL');
    device.pragma('synchronous = NORMAL');
    device.pragma('cache_size = -16000');
    let records = 0;
    let elapsedMs = 0;
    for (const entity of job.entities) {
      createDeviceTable(device, entity);
      const columns = deviceColumns(entity);
      const pk = quote(entity.primaryKey);
      const read = server
        .prepare(`SELECT ${columns.map(quote).join(', ')}, CAST("versionnumber" AS TEXT) FROM ${quote(entity.name)} WHERE ${pk} > ? ORDER BY ${pk} LIMIT ?`)
        .raw(true);
      const all = [...columns, '__version', '__generation'];
      const updates = all.filter((column) => column !== entity.primaryKey).map((column) => `${quote(column)} = excluded.${quote(column)}`);
      const upsert = device.prepare(
        `INSERT INTO ${quote(entity.name)} (${all.map(quote).join(', ')}) VALUES (${all.map(() => '?').join(', ')}) ON CONFLICT(${pk}) DO UPDATE SET ${updates.join(', ')}`,
      );
      const keyIndex = columns.indexOf(entity.primaryKey);
      let afterId = '';
      for (;;) {
        const rows = read.all(afterId, ROWS_PER_TRANSACTION);
        if (rows.length === 0) break;
        const started = performance.now();
        device.exec('BEGIN');
        for (const row of rows) upsert.run(...row, 1);
        device.exec('COMMIT');
        elapsedMs += performance.now() - started;
        records += rows.length;
        afterId = String(rows[rows.length - 1][keyIndex]);
        if (rows.length < ROWS_PER_TRANSACTION) break;
      }
    }
    return { records, elapsedMs, recordsPerSecond: (records * 1000) / elapsedMs, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  } finally {
    device.close();
    server.close();
  }
}
