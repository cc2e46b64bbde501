/**
 * Node options for a benchmark's child processes that write a CPU profile each: `--cpu-prof` into the
 * directory named by `FIELDSYNC_BENCH_CPU_PROF` (Node refuses `--cpu-prof` in `NODE_OPTIONS`). Empty
 * without it. Not part of any figure: a profiled run is slower.
 * @example FIELDSYNC_BENCH_CPU_PROF=/tmp/prof npm run bench -- --only bridge-full-sync
 */
export function profileNodeArgs(): string[] {
  const dir = process.env.FIELDSYNC_BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}
