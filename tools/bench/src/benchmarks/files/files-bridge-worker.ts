import type { FilesBridgeJob } from './files-bridge-job';
import { runFilesBridgeJob } from './run-files-bridge-job';

// A child process of files-bridge: one job given as JSON in argv[2]; prints the result as JSON.
runFilesBridgeJob(JSON.parse(process.argv[2]) as FilesBridgeJob)
  .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
