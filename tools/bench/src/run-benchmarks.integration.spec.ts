import { targetsOf } from './report/bench-figure';
import { formatFigureTable } from './report/format-figure-table';
import { BENCHMARKS, runBenchmarks } from './run-benchmarks';

describe('runBenchmarks in quick mode', () => {
  it('produces a finite positive figure for every benchmark, baselines included, and judges every target', async () => {
    const runs = await runBenchmarks({ quick: true, log: () => undefined });
    expect(runs.map((run) => run.benchmark)).toEqual(['filter', 'crm-store-reads', 'sync-full', 'sync-full-shapes', 'sync-incremental', 'sync-upload']);
    expect(BENCHMARKS.map((benchmark) => benchmark.name)).toEqual(runs.map((run) => run.benchmark));
    const figures = runs.flatMap((run) => run.figures);
    expect(figures.length).toBeGreaterThanOrEqual(26);
    for (const figure of figures) {
      expect({ name: figure.name, finitePositive: Number.isFinite(figure.value) && figure.value > 0 }).toEqual({ name: figure.name, finitePositive: true });
      if (figure.baseline !== undefined) expect({ name: figure.name, baseline: Number.isFinite(figure.baseline) && figure.baseline > 0 }).toEqual({ name: figure.name, baseline: true });
      // Every target can be judged: a ratio target always comes with a baseline.
      for (const { met } of targetsOf(figure)) expect({ name: figure.name, judged: typeof met }).toEqual({ name: figure.name, judged: 'boolean' });
    }
    const byBenchmark = new Map(runs.map((run) => [run.benchmark, run.figures.map((figure) => figure.name)]));
    expect(byBenchmark.get('sync-full')).toEqual([
      'full sync, 2,000 records',
      'full sync, 2,000 records peak RSS',
      'full sync, 2,000 records largest event-loop delay',
      'full sync, 2,000 records: connector readPage alone',
      'full sync, 2,000 records: local write longest wait (forced full sync)',
      'full sync, 2,000 records: local update longest call (forced full sync)',
    ]);
    expect(byBenchmark.get('sync-full-shapes')).toHaveLength(4);
    expect(byBenchmark.get('sync-incremental')).toHaveLength(2);
    expect(byBenchmark.get('sync-upload')).toEqual(['upload of 500 changes (100 accounts + 400 contacts)', 'local creates before the upload (500 records.create)']);
    const table = formatFigureTable(figures).split('\n');
    expect(table).toHaveLength(figures.length + 2);
    expect(table[0]).toMatch(/target$/);
  }, 300_000);
});
