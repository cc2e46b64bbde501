import { runConnectorRead } from './run-connector-read';
import { runEngineSync } from './run-engine-sync';
import type { SyncJob, SyncJobResult } from './sync-job';
import { runUpsertCeiling } from './upsert-ceiling';

// A child process of the sync benchmarks: runs one job given as JSON in argv[2], prints the result as JSON.
async function run(job: SyncJob): Promise<SyncJobResult> {
  switch (job.kind) {
    case 'engine':
      return runEngineSync(job);
    case 'ceiling':
      return runUpsertCeiling(job);
    case 'connector-read':
      return runConnectorRead(job);
  }
}

run(JSON.parse(process.argv[2]) as SyncJob)
  .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
