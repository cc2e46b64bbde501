import type { BenchFigure } from './bench-figure';

/** Settings every benchmark gets. */
export interface BenchSettings {
  /** Smaller inputs for a smoke run: figures are produced, not meaningful. */
  readonly quick: boolean;
  /** Writes a progress line (to standard error in the CLI). */
  readonly log: (line: string) => void;
}

/** A benchmark: a name and a function that measures and answers its figures. */
export interface Benchmark {
  /** Short name used by `--only`, e.g. `crm-store-reads`. */
  readonly name: string;
  /** One sentence on what it measures. */
  readonly description: string;
  /** Run only when named in `--only` (long runs such as the soak), never in the default run. */
  readonly optIn?: boolean;
  run(settings: BenchSettings): Promise<BenchFigure[]>;
}
