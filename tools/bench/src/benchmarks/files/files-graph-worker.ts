import type { FilesGraphJob } from './files-graph-job';
import { runFilesGraphJob } from './run-files-graph-job';

// A child process of files-graph-large: one job given as JSON in argv[2]; prints the result as JSON.
runFilesGraphJob(JSON.parse(process.argv[2]) as FilesGraphJob)
  .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
