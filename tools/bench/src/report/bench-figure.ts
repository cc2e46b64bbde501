import { isTargetMet, type BenchTarget } from './bench-target';

/** One measured figure of a benchmark, with the baseline it is compared to when there is one. */
export interface BenchFigure {
  /** What was measured, e.g. `crm-store readFull, page 500`. */
  readonly name: string;
  /** The measured value. */
  readonly value: number;
  /** Unit of `value` and `baseline`, e.g. `records/s`, `MB`. */
  readonly unit: string;
  /** The same work done the plain way in the same run, when there is one. */
  readonly baseline?: number;
  /** What the baseline is, e.g. `better-sqlite3 keyset`. */
  readonly baselineName?: string;
  /** A higher value is better (throughput) or worse (memory, time). @default true */
  readonly higherIsBetter?: boolean;
  /** Levels the figure should reach (of its value or of its ratio), printed with whether each is met. */
  readonly targets?: readonly BenchTarget[];
}

/** `value / baseline`, or undefined without a usable baseline. */
export function ratioOf(figure: BenchFigure): number | undefined {
  return figure.baseline !== undefined && figure.baseline > 0 ? figure.value / figure.baseline : undefined;
}

/** Each target of the figure with whether it is met (undefined: a ratio target without a baseline). */
export function targetsOf(figure: BenchFigure): Array<{ target: BenchTarget; met: boolean | undefined }> {
  return (figure.targets ?? []).map((target) => ({
    target,
    met: isTargetMet(target, target.of === 'ratio' ? ratioOf(figure) : figure.value),
  }));
}
