import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchFigure } from '../report/bench-figure';
import type { Benchmark } from '../report/benchmark';
import { generateBenchAccounts } from './bench-account-schema';
import { syncFullSchema } from './bench-sync-schema';
import { FULL_SYNC_TARGETS, fullSyncFigures } from './full-sync-figures';
import { countLabel, measureFullSync } from './measure-full-sync';
import { seedSyncServer } from './seed-sync-server';

/**
 * The first (full) sync of N accounts-like records of 20 fields (100,000 and 1,000,000; 2,000 with
 * `--quick`) from crm-store through connector-embedded, in the same process, into a fresh device
 * database file, each size in its own process; against the ceiling of the same rows upserted by
 * better-sqlite3 and the connector read alone. At every size, a forced full sync then runs while the
 * app updates a record every 20 ms (the end of a large download is where a write waits longest).
 */
export const syncFull: Benchmark = {
  name: 'sync-full',
  description: 'full sync of 20-field records through connector-embedded vs a better-sqlite3 upsert ceiling: records/s, peak RSS, loop delay, local write wait',
  async run(settings) {
    const sizes = settings.quick ? [2_000] : [100_000, 1_000_000];
    const figures: BenchFigure[] = [];
    for (const size of sizes) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bench-sync-'));
      try {
        const serverFile = path.join(dir, 'server.db');
        settings.log(`  full sync of ${countLabel(size)} accounts`);
        await seedSyncServer({
          file: serverFile,
          schema: syncFullSchema,
          counts: { account: size },
          rows: (_entity, count, chunk) => generateBenchAccounts(count, chunk.seed, chunk.offset),
          log: settings.log,
        });
        const measured = await measureFullSync(settings, {
          dir,
          serverFile,
          entities: syncFullSchema.entities,
          expected: size,
          localWrites: { entity: 'account', field: 'telephone1' },
        });
        figures.push(
          ...fullSyncFigures(`full sync, ${countLabel(size)} records`, measured, size >= 1_000_000 ? FULL_SYNC_TARGETS.peakRssMbAtMillion : undefined),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    return figures;
  },
};
