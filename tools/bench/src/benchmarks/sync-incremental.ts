import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEmbeddedConnector } from '@fieldsync/connector-embedded';
import { openCrmStore } from '@fieldsync/crm-store';
import { toAnchor } from '@fieldsync/model';
import { openSyncEngine, SYSTEM_TABLES } from '@fieldsync/sync-core';
import { openDeviceDatabase } from '@fieldsync/sync-core/node';
import type { Benchmark } from '../report/benchmark';
import { manyEntitiesSchema } from './bench-sync-schema';
import { seedSyncServer, SYNC_BENCH_PASSWORD, SYNC_BENCH_USER } from './seed-sync-server';

/** Target of an incremental sync that finds nothing to do (docs/bench.md). */
export const INCREMENTAL_NOTHING_CHANGED_TARGET_MS = 200;

const ENTITIES = 50;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * An incremental sync when nothing changed on either side, with 50 synchronised entities of 200
 * records each (10 with `--quick`): the time of a whole `engine.sync()` after the first one, median
 * and slowest of several, against the 50 `count` calls since each entity's anchor that the sync
 * analyzer needs at the least (the anchors read from the device's `fs_anchor` table).
 */
export const syncIncremental: Benchmark = {
  name: 'sync-incremental',
  description: 'incremental sync with nothing changed, 50 entities: ms per sync vs the 50 count calls of the analyzer',
  async run(settings) {
    const perEntity = settings.quick ? 10 : 200;
    const runs = settings.quick ? 3 : 7;
    const schema = manyEntitiesSchema(ENTITIES);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bench-incremental-'));
    try {
      const serverFile = path.join(dir, 'server.db');
      await seedSyncServer({
        file: serverFile,
        schema,
        counts: Object.fromEntries(schema.entities.map((entity) => [entity.name, perEntity])),
        log: settings.log,
      });
      const store = await openCrmStore({ file: serverFile });
      const connector = createEmbeddedConnector({ store, userName: SYNC_BENCH_USER, password: SYNC_BENCH_PASSWORD });
      const db = await openDeviceDatabase(path.join(dir, 'device.db'));
      try {
        const engine = await openSyncEngine({ db, connector });
        const first = await engine.sync();
        if (first.downloaded !== ENTITIES * perEntity) throw new Error(`the first sync downloaded ${first.downloaded} of ${ENTITIES * perEntity} records`);
        const syncMs: number[] = [];
        let steps = '';
        for (let run = 0; run < runs; run++) {
          const started = performance.now();
          const result = await engine.sync();
          syncMs.push(performance.now() - started);
          const skipped = result.decisions.filter((decision) => decision.mode === 'skip').length;
          if (result.result !== 'ok' || result.downloaded !== 0 || skipped !== ENTITIES) {
            throw new Error(
              `an incremental sync with nothing changed answered ${result.result}, downloaded ${result.downloaded}, skipped ${skipped} of ${ENTITIES} entities`,
            );
          }
          steps = result.steps.map((step) => `${step.step} ${step.ms} ms/${step.serverCalls} calls`).join(', ');
        }
        const anchors = await db.selectFrom(SYSTEM_TABLES.anchor).select(['entity', 'anchor']).execute();
        if (anchors.length !== ENTITIES) throw new Error(`the device holds ${anchors.length} anchors for ${ENTITIES} entities`);
        const countMs: number[] = [];
        for (let run = 0; run < runs; run++) {
          const started = performance.now();
          for (const row of anchors) await connector.count({ entity: String(row.entity), since: toAnchor(String(row.anchor)) });
          countMs.push(performance.now() - started);
        }
        settings.log(
          `  incremental syncs: ${syncMs.map((ms) => Math.round(ms)).join(', ')} ms (last: ${steps}); ${ENTITIES} count calls: ${countMs.map((ms) => Math.round(ms)).join(', ')} ms`,
        );
        const baselineName = `${ENTITIES} connector.count calls since the anchors`;
        return [
          {
            name: `incremental sync, nothing changed, ${ENTITIES} entities (median of ${runs})`,
            value: median(syncMs),
            unit: 'ms',
            baseline: median(countMs),
            baselineName,
            higherIsBetter: false,
            targets: [{ op: '<', limit: INCREMENTAL_NOTHING_CHANGED_TARGET_MS }],
          },
          {
            name: `incremental sync, nothing changed, ${ENTITIES} entities (slowest of ${runs})`,
            value: Math.max(...syncMs),
            unit: 'ms',
            baseline: Math.max(...countMs),
            baselineName,
            higherIsBetter: false,
            targets: [{ op: '<', limit: INCREMENTAL_NOTHING_CHANGED_TARGET_MS }],
          },
        ];
      } finally {
        await connector.close();
        await db.destroy();
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
