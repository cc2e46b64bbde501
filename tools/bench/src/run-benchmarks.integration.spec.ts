import { findChromium } from '@fieldsync/browser-test';
import { targetsOf } from './report/bench-figure';
import { formatFigureTable } from './report/format-figure-table';
import { BENCHMARKS, runBenchmarks } from './run-benchmarks';

describe('runBenchmarks in quick mode', () => {
  it('produces a finite positive figure for every benchmark, baselines included, and judges every target', async () => {
    const runs = await runBenchmarks({ quick: true, log: () => undefined });
    expect(runs.map((run) => run.benchmark)).toEqual([
      'filter',
      'crm-store-reads',
      'sync-full',
      'sync-full-shapes',
      'sync-incremental',
      'sync-upload',
      'apply-update',
      'bridge-full-sync',
      'bridge-many-devices',
      'bridge-start',
      'console-fleet',
      'files-bridge',
      'files-graph-large',
      'salesforce-connector',
      'dynamics-connector',
    ]);
    // Every benchmark but the opt-in ones (the soak) runs by default.
    expect(BENCHMARKS.filter((benchmark) => !benchmark.optIn).map((benchmark) => benchmark.name)).toEqual(runs.map((run) => run.benchmark));
    expect(BENCHMARKS.filter((benchmark) => benchmark.optIn).map((benchmark) => benchmark.name)).toEqual(['bridge-soak']);
    const figures = runs.flatMap((run) => run.figures);
    expect(figures.length).toBeGreaterThanOrEqual(30);
    for (const figure of figures) {
      // A count of errors is rightly 0; every other figure is a rate, a time or a size.
      const valid = Number.isFinite(figure.value) && (figure.unit === 'errors' ? figure.value >= 0 : figure.value > 0);
      expect({ name: figure.name, finitePositive: valid }).toEqual({ name: figure.name, finitePositive: true });
      if (figure.baseline !== undefined)
        expect({ name: figure.name, baseline: Number.isFinite(figure.baseline) && figure.baseline > 0 }).toEqual({ name: figure.name, baseline: true });
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
    expect(byBenchmark.get('sync-upload')).toEqual([
      'upload of 500 changes (100 accounts + 400 contacts)',
      'local creates before the upload (500 records.create)',
    ]);
    expect(byBenchmark.get('bridge-full-sync')).toEqual([
      'full sync through the bridge, 5,000 records',
      'full sync through the bridge, 5,000 records: device process peak RSS',
      'full sync through the bridge, 5,000 records: bridge process peak RSS',
      'full sync through the bridge, 5,000 records: device largest event-loop delay',
    ]);
    const manyDevices = runs.find((run) => run.benchmark === 'bridge-many-devices')?.figures ?? [];
    expect(
      manyDevices.map((figure) => figure.name.replace(/^20 devices syncing at once( through \d+ bridge process(es)?)?, 3 incremental syncs each: /, '')),
    ).toEqual(['syncs/s', 'p50 latency', 'p99 latency', 'errors', 'bridge peak RSS']);
    expect(manyDevices.find((figure) => figure.unit === 'errors')?.value).toBe(0);
    expect(byBenchmark.get('bridge-start')).toHaveLength(4);
    // The browser figures need Chromium; without it (outside CI) the benchmark says so and answers the bridge's.
    expect(byBenchmark.get('console-fleet')).toEqual([
      'fleet of 500 devices: bridge answer per page of 25, p50',
      'fleet of 500 devices: bridge answer per page of 25, p99',
      'fleet of 500 devices: whole fleet walked page by page',
      ...(findChromium() === undefined
        ? []
        : [
            'fleet view, 500 devices: first render, median of 3',
            'fleet view, 500 devices: first render, slowest of 3',
            'fleet view, 500 devices: search this page, median of 3',
            'fleet view, 500 devices: search this page, slowest of 3',
            'fleet view, 500 devices: state filter (locked), median of 3',
            'fleet view, 500 devices: state filter (locked), slowest of 3',
            'fleet view, 500 devices: live update, sync report to row changed, p50 of 20',
            'fleet view, 500 devices: live update, sync report to row changed, p99 of 20',
          ]),
    ]);
    expect(byBenchmark.get('files-bridge')).toEqual([
      'download of 500 files of 2–50 KB through the bridge',
      'download of 500 files of 2–50 KB through the bridge: device largest event-loop delay',
    ]);
    expect(byBenchmark.get('files-graph-large')).toEqual([
      "download of one 50 MB file from Graph (emulator) into the device's files",
      "download of one 50 MB file from Graph (emulator) into the device's files: device process peak RSS",
    ]);
    expect(byBenchmark.get('salesforce-connector')).toEqual([
      'Salesforce connector full read, 5,000 accounts (best of 2)',
      'Salesforce connector creates, 1,000 accounts in collections of 200',
    ]);
    expect(byBenchmark.get('dynamics-connector')).toEqual([
      'Dynamics connector full read, 5,000 accounts (best of 2)',
      'Dynamics connector creates, 1,000 accounts in $batch calls of 1,000',
    ]);
    const table = formatFigureTable(figures).split('\n');
    expect(table).toHaveLength(figures.length + 2);
    expect(table[0]).toMatch(/target$/);
  }, 480_000);
});
