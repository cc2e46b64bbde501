import { profileNodeArgs } from './profile-node-args';
import { execFile } from 'node:child_process';

/**
 * Runs a TypeScript worker file in a fresh Node process (through tsx) with `job` as JSON in argv[2],
 * and answers the JSON the worker printed last on standard output. A fresh process per job means its
 * peak RSS is its own (decision 053). `extraArgs` go to Node before the worker (e.g. `--max-old-space-size`).
 */
export function runWorkerProcess<Job, Result>(workerFile: string, job: Job, label: string, extraArgs: readonly string[] = []): Promise<Result> {
  const tsx = require.resolve('tsx/cjs');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...extraArgs, ...profileNodeArgs(), '--require', tsx, workerFile, JSON.stringify(job)],
      { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`${label} failed: ${stderr || error.message}`));
          return;
        }
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Result);
      },
    );
  });
}
