import { performance } from 'node:perf_hooks';

/** Result of {@link measureRate}. */
export interface RateMeasurement {
  /** Operations per second. */
  readonly perSecond: number;
  readonly operations: number;
  readonly elapsedMs: number;
}

/**
 * Calls `operation` repeatedly, synchronously, until `minMs` have passed (after `warmup` untimed calls)
 * and answers the rate. `operation` answers how many units it did (default 1 per call).
 */
export function measureRate(operation: () => number | void, minMs: number, warmup = 20): RateMeasurement {
  for (let i = 0; i < warmup; i++) operation();
  let operations = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    for (let i = 0; i < 16; i++) operations += operation() ?? 1;
    elapsed = performance.now() - started;
  } while (elapsed < minMs);
  return { perSecond: (operations * 1000) / elapsed, operations, elapsedMs: elapsed };
}
