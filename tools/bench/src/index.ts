/** @fieldsync/bench: benchmarks that print figures next to a baseline measured in the same run. */
export { type BenchFigure, ratioOf, targetsOf } from './report/bench-figure';
export { type BenchTarget, formatTarget, isTargetMet } from './report/bench-target';
export type { BenchSettings, Benchmark } from './report/benchmark';
export { formatFigureTable } from './report/format-figure-table';
export { BENCHMARKS, type BenchmarkRun, runBenchmarks } from './run-benchmarks';
