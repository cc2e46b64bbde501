import { performance } from 'node:perf_hooks';
import { createEmbeddedConnector } from '@fieldsync/connector-embedded';
import { openCrmStore } from '@fieldsync/crm-store';
import { openSyncEngine } from '@fieldsync/sync-core';
import { openDeviceDatabase } from '@fieldsync/sync-core/node';
import { LoopDelayMonitor } from '../measure/loop-delay-monitor';
import { resyncWhileWriting } from './resync-while-writing';
import type { EngineSyncJob, SyncJobResult } from './sync-job';

/**
 * The engine side of the full-sync benchmarks, in a child process: opens the server store and a
 * connector over it in this process, a fresh device database, and runs the first (full) sync,
 * measuring its rate, the process's peak RSS and the largest event-loop delay; then, when asked,
 * a forced full sync under local writes.
 */
export async function runEngineSync(job: EngineSyncJob): Promise<SyncJobResult> {
  const store = await openCrmStore({ file: job.serverFile });
  const connector = createEmbeddedConnector({ store, userName: job.userName, password: job.password });
  const db = await openDeviceDatabase(job.deviceFile);
  try {
    const engine = await openSyncEngine({ db, connector });
    const loop = new LoopDelayMonitor().start();
    const started = performance.now();
    const result = await engine.sync();
    const elapsedMs = performance.now() - started;
    const loopDelayMs = loop.stop();
    // maxRSS is the process's high-water mark in KiB: the peak up to the end of the first sync.
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    if (result.result === 'failed') throw new Error(`the sync failed: ${result.error?.code}: ${result.error?.message}`);
    if (result.downloaded !== job.expected) throw new Error(`the sync downloaded ${result.downloaded} records, expected ${job.expected}`);
    const localWrites = job.localWrites ? await resyncWhileWriting(engine, job.localWrites) : undefined;
    return {
      records: result.downloaded,
      elapsedMs,
      recordsPerSecond: (result.downloaded * 1000) / elapsedMs,
      peakRssMb,
      loopDelayMs,
      steps: result.steps.map(({ step, ms, records }) => ({ step, ms, records })),
      ...(localWrites ? { localWrites } : {}),
    };
  } finally {
    await connector.close();
    await db.destroy();
    await store.close();
  }
}
