import { ratioOf, targetsOf, type BenchFigure } from './bench-figure';
import { formatTarget } from './bench-target';

function formatValue(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function formatTargets(figure: BenchFigure): string {
  return targetsOf(figure)
    .map(({ target, met }) => `${formatTarget(target)} ${met === undefined ? '(no baseline)' : met ? 'met' : 'MISSED'}`)
    .join(', ');
}

/**
 * Formats figures as a text table: benchmark figure, value, unit, baseline value, ratio (ours /
 * baseline; for memory a ratio below 1 is better), baseline name, and the targets with whether each is met.
 */
export function formatFigureTable(figures: readonly BenchFigure[]): string {
  const header = ['figure', 'value', 'unit', 'baseline', 'ratio', 'baseline is', 'target'];
  const rows = figures.map((f) => {
    const ratio = ratioOf(f);
    return [
      f.name,
      formatValue(f.value),
      f.unit,
      formatValue(f.baseline),
      ratio === undefined ? '-' : `${ratio.toFixed(2)}×`,
      f.baselineName ?? '',
      formatTargets(f),
    ];
  });
  const numeric = [false, true, false, true, true, false, false];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
