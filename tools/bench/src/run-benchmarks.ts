import { performance } from 'node:perf_hooks';
import { applyUpdate } from './benchmarks/apply-update';
import { bridgeFullSync } from './benchmarks/bridge/bridge-full-sync';
import { bridgeManyDevices } from './benchmarks/bridge/bridge-many-devices';
import { bridgeSoak } from './benchmarks/bridge/bridge-soak';
import { bridgeStart } from './benchmarks/bridge/bridge-start';
import { consoleFleet } from './benchmarks/console/console-fleet';
import { crmStorePageReads } from './benchmarks/crm-store-page-reads';
import { filterCompileEvaluate } from './benchmarks/filter-compile-evaluate';
import { filesBridge } from './benchmarks/files/files-bridge';
import { filesGraphLarge } from './benchmarks/files/files-graph-large';
import { syncFull } from './benchmarks/sync-full';
import { syncFullShapes } from './benchmarks/sync-full-shapes';
import { syncIncremental } from './benchmarks/sync-incremental';
import { syncUpload } from './benchmarks/sync-upload';
import { dynamicsConnector } from './benchmarks/dynamics/dynamics-connector';
import { salesforceConnector } from './benchmarks/salesforce/salesforce-connector';
import type { BenchFigure } from './report/bench-figure';
import type { Benchmark, BenchSettings } from './report/benchmark';

/** Every benchmark, in the order they run (the opt-in ones only when named). */
export const BENCHMARKS: readonly Benchmark[] = [
  filterCompileEvaluate,
  crmStorePageReads,
  syncFull,
  syncFullShapes,
  syncIncremental,
  syncUpload,
  applyUpdate,
  bridgeFullSync,
  bridgeManyDevices,
  bridgeStart,
  consoleFleet,
  filesBridge,
  filesGraphLarge,
  bridgeSoak,
  salesforceConnector,
  dynamicsConnector,
];

/** A benchmark's figures. */
export interface BenchmarkRun {
  readonly benchmark: string;
  readonly figures: readonly BenchFigure[];
}

/** Runs the benchmarks (all, or those named in `only`) one after the other and answers their figures. */
export async function runBenchmarks(settings: BenchSettings, only?: readonly string[]): Promise<BenchmarkRun[]> {
  const selected = only && only.length > 0 ? BENCHMARKS.filter((b) => only.includes(b.name)) : BENCHMARKS.filter((b) => !b.optIn);
  const runs: BenchmarkRun[] = [];
  for (const benchmark of selected) {
    settings.log(`${benchmark.name}: ${benchmark.description}`);
    const started = performance.now();
    runs.push({ benchmark: benchmark.name, figures: await benchmark.run(settings) });
    settings.log(`  (${benchmark.name} took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  return runs;
}
