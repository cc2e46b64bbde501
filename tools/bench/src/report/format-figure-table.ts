import { ratioOf, type BenchFigure } from './bench-figure';

function formatValue(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/**
 * Formats figures as a text table: benchmark figure, value, unit, baseline value, baseline name and
 * ratio (ours / baseline; for memory a ratio below 1 is better).
 */
export function formatFigureTable(figures: readonly BenchFigure[]): string {
  const header = ['figure', 'value', 'unit', 'baseline', 'ratio', 'baseline is'];
  const rows = figures.map((f) => {
    const ratio = ratioOf(f);
    return [f.name, formatValue(f.value), f.unit, formatValue(f.baseline), ratio === undefined ? '-' : `${ratio.toFixed(2)}×`, f.baselineName ?? ''];
  });
  const numeric = [false, true, false, true, true, false];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
