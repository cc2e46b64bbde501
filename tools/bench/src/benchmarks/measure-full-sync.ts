import path from 'node:path';
import type { EntitySchema } from '@fieldsync/model';
import type { BenchSettings } from '../report/benchmark';
import { runSyncJob } from './run-sync-job';
import { SYNC_BENCH_PASSWORD, SYNC_BENCH_USER } from './seed-sync-server';
import type { EngineSyncJob, SyncJobResult } from './sync-job';

/** The three measurements of one full sync, each from its own process. */
export interface FullSyncMeasurement {
  /** The engine's first sync (and, when asked, the forced full sync under local writes). */
  readonly engine: SyncJobResult;
  /** The same rows upserted by one better-sqlite3 statement: the ceiling. */
  readonly ceiling: SyncJobResult;
  /** The server half alone: the connector's pages read and dropped. */
  readonly read: SyncJobResult;
}

/** Formats a record count for figure names and logs: 100,000. */
export function countLabel(count: number): string {
  return count.toLocaleString('en-US');
}

function logResult(settings: BenchSettings, label: string, result: SyncJobResult): void {
  const steps = result.steps ? ` (${result.steps.map((step) => `${step.step} ${step.ms} ms`).join(', ')})` : '';
  const delay = result.loopDelayMs !== undefined ? `, largest loop delay ${Math.round(result.loopDelayMs)} ms` : '';
  settings.log(
    `  ${label}: ${Math.round(result.recordsPerSecond)} records/s, ${(result.elapsedMs / 1000).toFixed(1)} s${steps}, peak RSS ${Math.round(result.peakRssMb)} MB${delay}`,
  );
}

/**
 * Measures a full sync of a seeded server file: the engine into a fresh device file, the better-sqlite3
 * ceiling into another, and the connector read alone, one after the other, each in a fresh process.
 */
export async function measureFullSync(
  settings: BenchSettings,
  input: { dir: string; serverFile: string; entities: readonly EntitySchema[]; expected: number; localWrites?: EngineSyncJob['localWrites'] },
): Promise<FullSyncMeasurement> {
  const user = { userName: SYNC_BENCH_USER, password: SYNC_BENCH_PASSWORD };
  const engine = await runSyncJob({
    kind: 'engine',
    serverFile: input.serverFile,
    deviceFile: path.join(input.dir, 'device.db'),
    ...user,
    expected: input.expected,
    ...(input.localWrites ? { localWrites: input.localWrites } : {}),
  });
  logResult(settings, 'engine', engine);
  if (engine.localWrites) {
    const writes = engine.localWrites;
    settings.log(
      `  forced full sync under local writes: ${writes.writes} writes in ${(writes.syncMs / 1000).toFixed(1)} s, longest wait ${Math.round(writes.longestWaitMs)} ms, longest call ${Math.round(writes.longestCallMs)} ms`,
    );
  }
  const ceiling = await runSyncJob({ kind: 'ceiling', serverFile: input.serverFile, deviceFile: path.join(input.dir, 'ceiling.db'), entities: input.entities });
  logResult(settings, 'ceiling', ceiling);
  const read = await runSyncJob({ kind: 'connector-read', serverFile: input.serverFile, ...user, entities: input.entities });
  logResult(settings, 'connector read alone', read);
  if (ceiling.records !== input.expected || read.records !== input.expected) {
    throw new Error(`the ceiling copied ${ceiling.records} and the connector read ${read.records} of ${input.expected} records`);
  }
  return { engine, ceiling, read };
}
