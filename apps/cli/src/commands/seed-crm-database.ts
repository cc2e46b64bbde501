import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { openCrmStore } from '@fieldsync/crm-store';
import { generateDemoOrg, seedDemoOrg, type SeedSummary } from '@fieldsync/demo-org';
import type { CommandContext } from '../cli/command-context';
import { DatabaseExistsError } from '../errors/cli-errors';
import { formatNumber } from '../output/printer';
import { createProgressReporter } from '../output/progress-reporter';

/** What {@link seedCrmDatabase} writes. */
export interface SeedCrmDatabaseOptions {
  /** The database file (absolute, or relative to the run's working directory). */
  readonly file: string;
  /** Business records to generate. */
  readonly records: number;
  /** Generator seed. @default 1 */
  readonly seed?: number;
  /** Replace an existing file. @default false */
  readonly force?: boolean;
}

/**
 * Writes a deterministic demo org into a new embedded CRM file, showing progress, then prints a
 * summary table (entity, records) with the elapsed time and the rate. Throws {@link DatabaseExistsError}
 * when the file exists and `force` is not set (the file is left untouched).
 */
export async function seedCrmDatabase(options: SeedCrmDatabaseOptions, context: CommandContext): Promise<SeedSummary> {
  const file = path.resolve(context.io.cwd, options.file);
  if (existsSync(file)) {
    if (!options.force) throw new DatabaseExistsError(file);
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
  }
  mkdirSync(path.dirname(file), { recursive: true });

  const { printer } = context;
  const org = generateDemoOrg({ records: options.records, seed: options.seed });
  printer.line(`Seeding ${file} with ${formatNumber(options.records)} records (seed ${org.seed})`);
  const store = await openCrmStore({ file });
  const progress = createProgressReporter(context.io);
  let summary: SeedSummary;
  try {
    summary = await seedDemoOrg(store, org, (done, total, entity) => progress.update(done, total, entity));
  } finally {
    progress.stop();
    await store.close();
  }

  const rows = Object.entries(summary.counts).map(([entity, count]) => [entity, count] as const);
  printer.line();
  printer.table(['entity', 'records'], [...rows, ['total', summary.records]]);
  printer.line();
  const seconds = summary.elapsedMs / 1000;
  const rate = seconds > 0 ? summary.records / seconds : summary.records;
  printer.line(
    `${formatNumber(summary.records)} records, ${formatNumber(summary.attachments)} attachments and ${summary.users} users ` +
      `in ${seconds.toFixed(1)} s (${formatNumber(rate)} records/s)`,
  );
  return summary;
}
