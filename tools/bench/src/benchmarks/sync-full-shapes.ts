import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Benchmark } from '../report/benchmark';
import { realisticShapes, realisticShapesSchema } from './bench-sync-schema';
import { fullSyncFigures } from './full-sync-figures';
import { countLabel, measureFullSync } from './measure-full-sync';
import { seedSyncServer } from './seed-sync-server';

/**
 * The full sync of {@link syncFull} on realistic shapes: ten entities, one of 120 fields, 90% of the
 * records in two of them (100,000 records; 1,000 with `--quick`), against the same ceiling and the
 * connector read alone.
 */
export const syncFullShapes: Benchmark = {
  name: 'sync-full-shapes',
  description: 'full sync of ten entities (one of 120 fields, 90% of the records in two) vs the better-sqlite3 upsert ceiling',
  async run(settings) {
    const total = settings.quick ? 1_000 : 100_000;
    const counts = Object.fromEntries(realisticShapes.map(({ entity, share }) => [entity.name, Math.round(total * share)]));
    const expected = Object.values(counts).reduce((sum, count) => sum + count, 0);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bench-shapes-'));
    try {
      const serverFile = path.join(dir, 'server.db');
      settings.log(`  full sync of ${countLabel(expected)} records in ${realisticShapes.length} entities`);
      await seedSyncServer({ file: serverFile, schema: realisticShapesSchema, counts, log: settings.log });
      const measured = await measureFullSync(settings, { dir, serverFile, entities: realisticShapesSchema.entities, expected });
      return fullSyncFigures(`full sync, realistic shapes, ${countLabel(expected)} records`, measured);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
