import { BENCHMARKS, runBenchmarks } from './run-benchmarks';
import { formatFigureTable } from './report/format-figure-table';

// `npm run bench [-- --quick] [-- --only filter,crm-store-reads]`: runs the benchmarks and prints one table.
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    process.stdout.write(
      `usage: npm run bench -- [--quick] [--only <names>]\n  --quick  small inputs, for a smoke run\n  --only   comma-separated: ${BENCHMARKS.map((b) => b.name).join(', ')}\n`,
    );
    return;
  }
  const onlyIndex = args.indexOf('--only');
  const only = onlyIndex >= 0 ? (args[onlyIndex + 1] ?? '').split(',').filter(Boolean) : undefined;
  const unknown = only?.filter((name) => !BENCHMARKS.some((b) => b.name === name)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  const quick = args.includes('--quick');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`fieldsync bench${quick ? ' (quick)' : ''}: node ${process.version}, ${process.platform} ${process.arch}`);
  const runs = await runBenchmarks({ quick, log }, only);
  process.stdout.write(`\n${formatFigureTable(runs.flatMap((run) => run.figures))}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
