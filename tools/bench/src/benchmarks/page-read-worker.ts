import { performance } from 'node:perf_hooks';
import { RssSampler } from '../measure/rss-sampler';
import type { PageReadJob, PageReadResult } from './page-read-job';
import { readWithBetterSqlite, readWithConnector, readWithStore } from './page-readers';

// A child process of the page-read benchmark: runs one job given as JSON in argv[2], prints the result as JSON.
async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as PageReadJob;
  const rss = new RssSampler().start();
  const started = performance.now();
  const records =
    job.reader === 'baseline' ? readWithBetterSqlite(job, rss) : job.reader === 'connector' ? await readWithConnector(job, rss) : await readWithStore(job, rss);
  const elapsedMs = performance.now() - started;
  const result: PageReadResult = { records, elapsedMs, recordsPerSecond: (records * 1000) / elapsedMs, peakRssMb: rss.stop() };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
