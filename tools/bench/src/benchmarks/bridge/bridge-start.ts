import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD } from '@fieldsync/demo-org';
import { percentile } from '../../measure/percentile';
import type { Benchmark } from '../../report/benchmark';
import { timeBridgeStart, timeProcess } from './time-bridge-start';

/** The `fieldsync` command `npm start` runs (`node apps/cli/bin/fieldsync.js start`). */
function fieldsyncScript(): string {
  return path.join(path.dirname(require.resolve('@fieldsync/cli')), '..', 'bin', 'fieldsync.js');
}

const seconds = (ms: number) => ms / 1000;

/**
 * `npm start` (what it runs: `node apps/cli/bin/fieldsync.js start --port 0 --log-level warn`) in a
 * temporary working directory, until the bridge answers a `signIn` of alice with a session: first on
 * an empty directory (the demo CRM is created and seeded with 20,000 records; 1,000 with `--quick`),
 * then, after it was stopped, again on the seeded directory (three times, the median; once with
 * `--quick`). Baseline: `node apps/cli/bin/fieldsync.js --version`, the CLI's own start and exit, itself
 * measured against `node -e ""`.
 */
export const bridgeStart: Benchmark = {
  name: 'bridge-start',
  description: 'npm start to the first signIn answered, on a seeded demo org and on a first start that seeds it: seconds vs fieldsync --version',
  async run(settings) {
    const records = settings.quick ? 1_000 : 20_000;
    const starts = settings.quick ? 1 : 3;
    const fieldsync = fieldsyncScript();
    const user = { userName: 'alice', password: DEMO_PASSWORD };
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bench-start-'));
    try {
      const versions: number[] = [];
      const bareNode: number[] = [];
      for (let i = 0; i < 3; i++) {
        versions.push(await timeProcess([fieldsync, '--version'], dir));
        bareNode.push(await timeProcess(['-e', ''], dir));
      }
      settings.log(`  fieldsync --version: ${versions.map((ms) => Math.round(ms)).join(', ')} ms; node -e "": ${bareNode.map((ms) => Math.round(ms)).join(', ')} ms`);

      const first = await timeBridgeStart(fieldsync, dir, user, ['--records', String(records)]);
      if (!existsSync(path.join(dir, '.fieldsync', 'demo-crm.db'))) throw new Error('the first start left no .fieldsync/demo-crm.db');
      settings.log(`  first start (seeds ${records.toLocaleString('en-US')} records): banner after ${seconds(first.bannerMs).toFixed(2)} s, signIn answered after ${seconds(first.signedInMs).toFixed(2)} s`);
      const again: number[] = [];
      for (let i = 0; i < starts; i++) {
        const timing = await timeBridgeStart(fieldsync, dir, user);
        again.push(timing.signedInMs);
        settings.log(`  start on the seeded org: banner after ${seconds(timing.bannerMs).toFixed(2)} s, signIn answered after ${seconds(timing.signedInMs).toFixed(2)} s (${timing.attempts} attempt${timing.attempts === 1 ? '' : 's'})`);
      }
      const baseline = seconds(percentile(versions, 50));
      const baselineName = 'node fieldsync.js --version (median of 3)';
      return [
        {
          name: `npm start to the first signIn, demo org seeded${starts > 1 ? ` (median of ${starts})` : ''}`,
          value: seconds(percentile(again, 50)),
          unit: 's',
          baseline,
          baselineName,
          higherIsBetter: false,
        },
        {
          name: `first npm start to the first signIn, seeding ${records.toLocaleString('en-US')} records`,
          value: seconds(first.signedInMs),
          unit: 's',
          baseline,
          baselineName,
          higherIsBetter: false,
        },
        {
          name: 'fieldsync --version (the CLI loaded through tsx, median of 3)',
          value: baseline,
          unit: 's',
          baseline: seconds(percentile(bareNode, 50)),
          baselineName: 'node -e "" (median of 3)',
          higherIsBetter: false,
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
