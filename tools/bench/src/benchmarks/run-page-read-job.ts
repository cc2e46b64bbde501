import path from 'node:path';
import { runWorkerProcess } from '../measure/run-worker-process';
import type { PageReadJob, PageReadResult } from './page-read-job';

/** Runs one page-read job in a fresh Node process (TypeScript through tsx) and answers its result. */
export function runPageReadJob(job: PageReadJob): Promise<PageReadResult> {
  return runWorkerProcess<PageReadJob, PageReadResult>(path.join(__dirname, 'page-read-worker.ts'), job, `page-read job ${job.reader}`);
}
