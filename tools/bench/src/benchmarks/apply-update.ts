import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEmbeddedConnector } from '@fieldsync/connector-embedded';
import { openCrmStore } from '@fieldsync/crm-store';
import { openSyncEngine, SYSTEM_TABLES, type SyncEngine } from '@fieldsync/sync-core';
import { openDeviceDatabase } from '@fieldsync/sync-core/node';
import { LoopDelayMonitor } from '../measure/loop-delay-monitor';
import type { Benchmark } from '../report/benchmark';
import { syncFullSchema } from './bench-sync-schema';
import { seedSyncServer, SYNC_BENCH_PASSWORD, SYNC_BENCH_USER } from './seed-sync-server';

/** Targets of Apply Update (issue 14; docs/bench.md). */
export const APPLY_UPDATE_TARGETS = { applyMs: 1_000, loopDelayMs: 100, writeWaitMs: 100, stagedSyncLoopDelayMs: 50 } as const;

/** The part of better-sqlite3 the naive baseline uses (the package ships no types). */
interface BetterSqliteDatabase {
  prepare(sql: string): { run(): { changes: number }; all(): unknown[] };
  exec(sql: string): void;
  transaction<T>(work: () => T): () => T;
  close(): void;
}
type BetterSqliteConstructor = new (file: string) => BetterSqliteDatabase;

/** How often the simulated app writes while the apply runs, ms. */
const WRITE_INTERVAL_MS = 5;

/** The app's writes while `work` runs: one update at a time every 5 ms; the engine's longest wait and the longest call. */
async function whileWriting<T>(
  engine: SyncEngine,
  recordId: string,
  work: () => Promise<T>,
): Promise<{ value: T; ms: number; loopDelayMs: number; longestWaitMs: number; longestCallMs: number; writes: number }> {
  engine.gate.resetLongestWait();
  let writes = 0;
  let longestCallMs = 0;
  let failure: unknown;
  let inFlight: Promise<void> | undefined;
  const write = () => {
    if (inFlight) return;
    const called = performance.now();
    inFlight = engine.records
      .update('account', recordId, { address1_city: `typed ${writes + 1}` })
      .then(
        () => {
          writes += 1;
          longestCallMs = Math.max(longestCallMs, performance.now() - called);
        },
        (error: unknown) => void (failure ??= error),
      )
      .finally(() => (inFlight = undefined));
  };
  const monitor = new LoopDelayMonitor().start();
  const timer = setInterval(write, WRITE_INTERVAL_MS);
  const started = performance.now();
  write();
  const value = await work();
  const ms = performance.now() - started;
  await inFlight;
  clearInterval(timer);
  const loopDelayMs = monitor.stop();
  if (failure) throw failure;
  return { value, ms, loopDelayMs, longestWaitMs: engine.gate.longestWaitMs, longestCallMs, writes };
}

/**
 * The non-blocking (staged) sync of 100,000 accounts (10,000 with `--quick`), the app writing every
 * 5 ms meanwhile: its largest event-loop delay. Then Apply Update of that staged download with 1,000 local
 * edits pending (100), made after the staging: the time of `engine.applyUpdate()`, the largest
 * event-loop delay and a local write's longest wait while it runs (the app updates one record every
 * 5 ms meanwhile), and whether every edit is kept and still queued. Baselines, same run: the naive
 * apply (one better-sqlite3 transaction upserting the 100,000 staged rows into the live table), and
 * the same loop delay and write wait over an equal time with the app writing and no apply.
 */
export const applyUpdate: Benchmark = {
  name: 'apply-update',
  description: 'Apply Update of 100,000 staged changes with 1,000 local edits pending: ms, event-loop delay, local write wait',
  async run(settings) {
    const records = settings.quick ? 10_000 : 100_000;
    const edits = settings.quick ? 100 : 1_000;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bench-apply-'));
    try {
      const serverFile = path.join(dir, 'server.db');
      await seedSyncServer({ file: serverFile, schema: syncFullSchema, counts: { account: records }, log: settings.log });
      const store = await openCrmStore({ file: serverFile });
      const connector = createEmbeddedConnector({ store, userName: SYNC_BENCH_USER, password: SYNC_BENCH_PASSWORD });
      const deviceFile = path.join(dir, 'device.db');
      const db = await openDeviceDatabase(deviceFile);
      try {
        const engine = await openSyncEngine({ db, connector });
        const first = await engine.sync();
        if (first.downloaded !== records) throw new Error(`the first sync downloaded ${first.downloaded} of ${records} records`);
        const [typist] = await engine.records.list('account', { limit: 1 });
        // The non-blocking sync itself, the app writing meanwhile: its largest event-loop delay.
        const staging = await whileWriting(engine, typist.id, () => engine.sync({ staged: true, full: true }));
        const staged = staging.value;
        // The record the app kept writing has a queued change: the download leaves it to the device.
        if (staged.updatesAvailable?.counts.changed !== records - 1) {
          throw new Error(
            `the staged sync staged ${staged.updatesAvailable?.counts.changed ?? 0} of ${records - 1} changes (${staged.error?.code ?? 'no error'})`,
          );
        }
        const accounts = await engine.records.list('account', { limit: edits + 1 });
        const [typing, ...edited] = accounts;
        for (const [index, account] of edited.entries()) await engine.records.update('account', account.id, { telephone1: `local ${index}` });

        // The app writing, no apply: the machine's own delay and wait over the same time.
        const applyProbe = await measureIdle(engine, typing.id, 400);
        const applied = await whileWriting(engine, typing.id, () => engine.applyUpdate());
        const kept = await countKept(
          engine,
          edited.map((account) => account.id),
        );
        const queued = Number(
          (
            await db
              .selectFrom(SYSTEM_TABLES.change)
              .select((eb) => eb.fn.countAll().as('n'))
              .where(
                'record_id',
                'in',
                edited.map((account) => account.id),
              )
              .executeTakeFirstOrThrow()
          ).n,
        );
        const idle = await measureIdle(engine, typing.id, Math.max(50, applied.ms));
        settings.log(
          `  staged sync: ${Math.round(staging.ms)} ms, ${staging.writes} app writes, loop delay ${staging.loopDelayMs.toFixed(1)} ms, write wait ${staging.longestWaitMs.toFixed(1)} ms`,
        );
        settings.log(
          `  apply: ${Math.round(applied.ms)} ms (live after ${applied.value.liveMs} ms; rebased ${JSON.stringify(applied.value.rebased)}), ` +
            `${applied.writes} app writes, loop delay ${applied.loopDelayMs.toFixed(1)} ms, write wait ${applied.longestWaitMs.toFixed(1)} ms ` +
            `(call ${applied.longestCallMs.toFixed(1)} ms); edits kept ${kept}/${edited.length}, queued ${queued}; ` +
            `idle: loop delay ${idle.loopDelayMs.toFixed(1)} ms, write wait ${idle.longestWaitMs.toFixed(1)} ms (warm-up ${Math.round(applyProbe.ms)} ms)`,
        );
        if (kept !== edited.length || queued !== edited.length)
          throw new Error(`Apply Update kept ${kept} and left ${queued} queued of ${edited.length} local edits`);
        await connector.close();
        await db.destroy();
        const naiveMs = naiveApply(deviceFile, records);
        const name = `Apply Update, ${records.toLocaleString('en-US')} staged changes, ${edits.toLocaleString('en-US')} local edits kept`;
        return [
          {
            name,
            value: applied.ms,
            unit: 'ms',
            baseline: naiveMs,
            baselineName: `naive apply: ${records.toLocaleString('en-US')} rows upserted into the live table (better-sqlite3, one transaction)`,
            higherIsBetter: false,
            targets: [{ op: '<=', limit: APPLY_UPDATE_TARGETS.applyMs }],
          },
          {
            name: `${name}: until the new data is live`,
            value: applied.value.liveMs,
            unit: 'ms',
            baseline: naiveMs,
            baselineName: 'the naive apply',
            higherIsBetter: false,
          },
          {
            name: `${name}: largest event-loop delay`,
            value: applied.loopDelayMs,
            unit: 'ms',
            baseline: idle.loopDelayMs,
            baselineName: 'the same with the app writing and no apply',
            higherIsBetter: false,
            targets: [{ op: '<=', limit: APPLY_UPDATE_TARGETS.loopDelayMs }],
          },
          {
            name: `Non-blocking (staged) sync of ${records.toLocaleString('en-US')} records: largest event-loop delay`,
            value: staging.loopDelayMs,
            unit: 'ms',
            baseline: idle.loopDelayMs,
            baselineName: 'the same with the app writing and no sync',
            higherIsBetter: false,
            targets: [{ op: '<=', limit: APPLY_UPDATE_TARGETS.stagedSyncLoopDelayMs }],
          },
          {
            name: `${name}: local write longest wait`,
            value: applied.longestWaitMs,
            unit: 'ms',
            baseline: idle.longestWaitMs,
            baselineName: 'the same with the app writing and no apply',
            higherIsBetter: false,
            targets: [{ op: '<=', limit: APPLY_UPDATE_TARGETS.writeWaitMs }],
          },
        ];
      } finally {
        await connector.close().catch(() => undefined);
        await db.destroy().catch(() => undefined);
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** The app writing for `ms` with nothing else running. */
async function measureIdle(engine: SyncEngine, recordId: string, ms: number) {
  return whileWriting(engine, recordId, () => new Promise<void>((resolve) => setTimeout(resolve, ms)));
}

/** How many of the records still hold their local edit (`telephone1` = `local <n>`). */
async function countKept(engine: SyncEngine, ids: readonly string[]): Promise<number> {
  let kept = 0;
  for (const [index, id] of ids.entries()) if ((await engine.records.get('account', id))?.fields.telephone1 === `local ${index}`) kept += 1;
  return kept;
}

/** The naive apply, timed: every row of a copy of the live table upserted back into it in one transaction. */
function naiveApply(file: string, records: number): number {
  const Database = createRequire(__filename)('better-sqlite3') as BetterSqliteConstructor;
  const sqlite = new Database(file);
  try {
    const columns = (sqlite.prepare(`select name from pragma_table_info('account')`).all() as Array<{ name: string }>).map((row) => `"${row.name}"`);
    sqlite.exec(`create table naive_stage as select * from account`);
    const updates = columns.filter((column) => column !== '"accountid"').map((column) => `${column}=excluded.${column}`);
    const upsert = sqlite.prepare(
      `insert into account (${columns.join(',')}) select ${columns.join(',')} from naive_stage where true on conflict("accountid") do update set ${updates.join(',')}`,
    );
    const started = performance.now();
    const changed = sqlite.transaction(() => upsert.run().changes)();
    const ms = performance.now() - started;
    if (changed !== records) throw new Error(`the naive apply wrote ${changed} of ${records} rows`);
    return ms;
  } finally {
    sqlite.close();
  }
}
