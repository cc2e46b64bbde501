import path from 'node:path';
import { runWorkerProcess } from '../measure/run-worker-process';
import type { SyncJob, SyncJobResult } from './sync-job';

/** Runs one sync-benchmark job in a fresh Node process and answers what it measured. */
export function runSyncJob(job: SyncJob): Promise<SyncJobResult> {
  return runWorkerProcess<SyncJob, SyncJobResult>(path.join(__dirname, 'sync-worker.ts'), job, `sync job ${job.kind}`);
}
