import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCrmStore } from '@fieldsync/crm-store';
import type { BenchFigure } from '../report/bench-figure';
import type { Benchmark, BenchSettings } from '../report/benchmark';
import { benchSchema, generateBenchAccounts } from './bench-account-schema';
import type { PageReader } from './page-read-job';
import { runPageReadJob } from './run-page-read-job';

const PASSWORD = 'bench';

/** Creates the bench store: alice with an organization-wide read role, `count` accounts owned by alice and bob. */
async function seedBenchStore(file: string, count: number, settings: BenchSettings): Promise<number> {
  const store = await openCrmStore({ file });
  try {
    await store.applySchema(benchSchema);
    const unit = await store.createBusinessUnit({ name: 'bench' });
    const role = await store.createSecurityRole({
      name: 'bench reader',
      privileges: { account: { read: 'organization', create: 'user', write: 'user', delete: 'user', append: 'user', appendTo: 'organization' } },
    });
    const alice = await store.createUser({ userName: 'alice', fullName: 'Alice', password: PASSWORD, businessUnitId: unit });
    const bob = await store.createUser({ userName: 'bob', fullName: 'Bob', password: PASSWORD, businessUnitId: unit });
    await store.assignRole(alice, role);
    const rows = generateBenchAccounts(count);
    const started = performance.now();
    const half = Math.floor(rows.length / 2);
    await store.insertMany('account', rows.slice(0, half), { ownerId: alice });
    await store.insertMany('account', rows.slice(half), { ownerId: bob });
    const elapsed = performance.now() - started;
    settings.log(`  seeded ${count} accounts in ${(elapsed / 1000).toFixed(1)} s`);
    return (count * 1000) / elapsed;
  } finally {
    await store.close();
  }
}

/**
 * Full reads of 100,000 accounts-like records (20 fields) through crm-store's `readFull` as alice
 * (organization-wide read) with pages of 500 and 2,000, and through connector-embedded's `readPage`, each in
 * its own process, against one prepared
 * better-sqlite3 keyset statement reading the same rows into plain objects.
 */
export const crmStorePageReads: Benchmark = {
  name: 'crm-store-reads',
  description: 'crm-store readFull page reads vs a better-sqlite3 keyset baseline: records/s and peak RSS',
  async run(settings) {
    const count = settings.quick ? 5_000 : 100_000;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bench-'));
    const file = path.join(dir, 'bench-crm.db');
    try {
      const insertRate = await seedBenchStore(file, count, settings);
      const figures: BenchFigure[] = [{ name: `crm-store insertMany (${count} accounts)`, value: insertRate, unit: 'records/s' }];
      const readers: PageReader[] = ['readFull', 'connector'];
      for (const pageSize of [500, 2_000]) {
        const job = { file, pageSize, userName: 'alice', password: PASSWORD };
        const baseline = await runPageReadJob({ ...job, reader: 'baseline' });
        for (const reader of readers) {
          const ours = await runPageReadJob({ ...job, reader });
          if (ours.records !== count || baseline.records !== count) {
            throw new Error(`page ${pageSize}: ${reader} read ${ours.records} and the baseline ${baseline.records} of ${count} records`);
          }
          settings.log(`  ${reader} page ${pageSize}: ${Math.round(ours.recordsPerSecond)} records/s`);
          const baselineName = `better-sqlite3 keyset, page ${pageSize}`;
          figures.push(
            { name: `${reader} page ${pageSize}`, value: ours.recordsPerSecond, unit: 'records/s', baseline: baseline.recordsPerSecond, baselineName },
            {
              name: `${reader} page ${pageSize} peak RSS`,
              value: ours.peakRssMb,
              unit: 'MB',
              baseline: baseline.peakRssMb,
              baselineName,
              higherIsBetter: false,
            },
          );
        }
      }
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
