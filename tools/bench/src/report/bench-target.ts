/**
 * A level a figure should reach, printed beside it with whether it is met. Targets are what the
 * product promises (docs/bench.md); a missed one is reported, never a failure of the run.
 * @example { op: '>=', limit: 40_000 } // at least 40,000 records/s
 * @example { of: 'ratio', op: '>=', limit: 0.35 } // at least 0.35 of the baseline
 */
export interface BenchTarget {
  /** What is compared: the figure's value, or its ratio value / baseline. @default 'value' */
  readonly of?: 'value' | 'ratio';
  readonly op: '>=' | '>' | '<=' | '<';
  readonly limit: number;
}

/** Whether `actual` meets the target; undefined when there is nothing to compare (no baseline for a ratio target). */
export function isTargetMet(target: BenchTarget, actual: number | undefined): boolean | undefined {
  if (actual === undefined || !Number.isFinite(actual)) return undefined;
  switch (target.op) {
    case '>=':
      return actual >= target.limit;
    case '>':
      return actual > target.limit;
    case '<=':
      return actual <= target.limit;
    case '<':
      return actual < target.limit;
  }
}

const SYMBOL: Record<BenchTarget['op'], string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<' };

/** The target as text: `≥ 40,000` or `≥ 0.35×`. */
export function formatTarget(target: BenchTarget): string {
  const limit = target.limit.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return `${SYMBOL[target.op]} ${limit}${target.of === 'ratio' ? '×' : ''}`;
}
