import type { BundledScript } from '@fieldsync/cli/testing';
import { profileNodeArgs } from './profile-node-args';
import { execFile } from 'node:child_process';

/**
 * Runs a worker in a fresh Node process with `job` as JSON in argv[2], and answers the JSON the worker
 * printed last on standard output. The worker is a TypeScript file (run through tsx), or a script
 * bundled once for the run (`bundleNodeScript`: plain JavaScript, as a device runs the CLI's bundle, so
 * the process holds no TypeScript loader). A fresh process per job means its peak RSS is its own
 * (decision 053). `extraArgs` go to Node before the worker (e.g. `--max-old-space-size`).
 */
export function runWorkerProcess<Job, Result>(worker: string | BundledScript, job: Job, label: string, extraArgs: readonly string[] = []): Promise<Result> {
  const script = typeof worker === 'string' ? ['--require', require.resolve('tsx/cjs'), worker] : [worker.file];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...extraArgs, ...profileNodeArgs(), ...script, JSON.stringify(job)],
      { maxBuffer: 16 * 1024 * 1024, ...(typeof worker === 'string' ? {} : { env: worker.env }) },
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
