import { formatFigureTable } from './report/format-figure-table';
import { runBenchmarks } from './run-benchmarks';

describe('runBenchmarks in quick mode', () => {
  it('produces a finite positive figure for every benchmark, baselines included', async () => {
    const runs = await runBenchmarks({ quick: true, log: () => undefined });
    expect(runs.map((run) => run.benchmark)).toEqual(['filter', 'crm-store-reads']);
    const figures = runs.flatMap((run) => run.figures);
    expect(figures.length).toBeGreaterThanOrEqual(8);
    for (const figure of figures) {
      expect({ name: figure.name, finitePositive: Number.isFinite(figure.value) && figure.value > 0 }).toEqual({ name: figure.name, finitePositive: true });
      if (figure.baseline !== undefined) expect(Number.isFinite(figure.baseline) && figure.baseline > 0).toBe(true);
    }
    expect(formatFigureTable(figures).split('\n')).toHaveLength(figures.length + 2);
  });
});
