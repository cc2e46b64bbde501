import { performance } from 'node:perf_hooks';
import type { SyncEngine } from '@fieldsync/sync-core';
import type { LocalWriteFigures } from './sync-job';

/** How often the simulated app writes, ms. */
const WRITE_INTERVAL_MS = 20;

/**
 * Runs a forced full sync while the app updates one record every 20 ms (a user typing, a form
 * autosaving): one write at a time, a tick that finds the previous write still running is skipped.
 * Answers the engine's longest write wait and the longest update call.
 */
export async function resyncWhileWriting(engine: SyncEngine, target: { entity: string; field: string }): Promise<LocalWriteFigures> {
  const [record] = await engine.records.list(target.entity, { limit: 1 });
  if (!record) throw new Error(`no ${target.entity} on the device to update`);
  engine.gate.resetLongestWait();
  let writes = 0;
  let longestCallMs = 0;
  let failure: unknown;
  let inFlight: Promise<void> | undefined;
  const write = () => {
    if (inFlight) return;
    const called = performance.now();
    inFlight = engine.records
      .update(target.entity, record.id, { [target.field]: `edit ${writes + 1}` })
      .then(
        () => {
          writes += 1;
          longestCallMs = Math.max(longestCallMs, performance.now() - called);
        },
        (error: unknown) => {
          failure ??= error;
        },
      )
      .finally(() => {
        inFlight = undefined;
      });
  };
  const timer = setInterval(write, WRITE_INTERVAL_MS);
  const started = performance.now();
  const syncing = engine.sync({ full: true });
  write();
  const result = await syncing;
  const syncMs = performance.now() - started;
  clearInterval(timer);
  await inFlight;
  if (failure) throw failure;
  if (result.result === 'failed') throw new Error(`the forced full sync failed: ${result.error?.code}: ${result.error?.message}`);
  return { writes, longestWaitMs: engine.gate.longestWaitMs, longestCallMs, syncMs };
}
