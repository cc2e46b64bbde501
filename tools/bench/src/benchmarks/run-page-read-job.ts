import { execFile } from 'node:child_process';
import path from 'node:path';
import type { PageReadJob, PageReadResult } from './page-read-job';

/** Runs one page-read job in a fresh Node process (TypeScript through tsx) and answers its result. */
export function runPageReadJob(job: PageReadJob): Promise<PageReadResult> {
  const worker = path.join(__dirname, 'page-read-worker.ts');
  const tsx = require.resolve('tsx/cjs');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--require', tsx, worker, JSON.stringify(job)],
      { maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`page-read job ${job.reader} failed: ${stderr || error.message}`));
          return;
        }
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as PageReadResult);
      },
    );
  });
}
