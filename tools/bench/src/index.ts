/** @fieldsync/bench: benchmarks that print figures next to a baseline measured in the same run. */
export * from './report/bench-figure';
export * from './report/bench-target';
export * from './report/benchmark';
export * from './report/format-figure-table';
export * from './run-benchmarks';
