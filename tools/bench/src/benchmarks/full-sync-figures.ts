import type { BenchFigure } from '../report/bench-figure';
import type { FullSyncMeasurement } from './measure-full-sync';

/** Targets of a full sync (docs/bench.md). */
export const FULL_SYNC_TARGETS = {
  recordsPerSecond: 40_000,
  ofCeiling: 0.35,
  peakRssMbAtMillion: 300,
  loopDelayMs: 50,
  localWriteWaitMs: 100,
} as const;

const CEILING_NAME = 'better-sqlite3 upsert, 20,000-row transactions';
const READ_NAME = 'connector readPage alone';

/**
 * The figures of one full sync: the engine's records/s against the ceiling (targets: ≥ 40,000 and
 * ≥ 0.35 of it), its peak RSS (target `rssTargetMb` when given), its largest event-loop delay
 * (≤ 50 ms) against that of the connector read alone, the connector read's rate, and the local-write
 * figures when the measurement has them (longest wait ≤ 100 ms).
 */
export function fullSyncFigures(label: string, measured: FullSyncMeasurement, rssTargetMb?: number): BenchFigure[] {
  const { engine, ceiling, read } = measured;
  const figures: BenchFigure[] = [
    {
      name: label,
      value: engine.recordsPerSecond,
      unit: 'records/s',
      baseline: ceiling.recordsPerSecond,
      baselineName: CEILING_NAME,
      targets: [
        { op: '>=', limit: FULL_SYNC_TARGETS.recordsPerSecond },
        { of: 'ratio', op: '>=', limit: FULL_SYNC_TARGETS.ofCeiling },
      ],
    },
    {
      name: `${label} peak RSS`,
      value: engine.peakRssMb,
      unit: 'MB',
      baseline: ceiling.peakRssMb,
      baselineName: CEILING_NAME,
      higherIsBetter: false,
      ...(rssTargetMb !== undefined ? { targets: [{ op: '<', limit: rssTargetMb }] } : {}),
    },
    {
      name: `${label} largest event-loop delay`,
      value: engine.loopDelayMs ?? Number.NaN,
      unit: 'ms',
      baseline: read.loopDelayMs,
      baselineName: READ_NAME,
      higherIsBetter: false,
      targets: [{ op: '<=', limit: FULL_SYNC_TARGETS.loopDelayMs }],
    },
    { name: `${label}: ${READ_NAME}`, value: read.recordsPerSecond, unit: 'records/s' },
  ];
  const writes = engine.localWrites;
  if (writes) {
    figures.push(
      {
        name: `${label}: local write longest wait (forced full sync)`,
        value: writes.longestWaitMs,
        unit: 'ms',
        higherIsBetter: false,
        targets: [{ op: '<=', limit: FULL_SYNC_TARGETS.localWriteWaitMs }],
      },
      { name: `${label}: local update longest call (forced full sync)`, value: writes.longestCallMs, unit: 'ms', higherIsBetter: false },
    );
  }
  return figures;
}
