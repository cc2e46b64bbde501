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
 * `--quick`). Baseline: `node apps/cli/bin/fieldsync.js --version`, the CLI's own start and exit from
 * its build, itself measured against `node -e ""` and against the same command run from the sources.
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
      const fromSource: number[] = [];
      const bareNode: number[] = [];
      for (let i = 0; i < 5; i++) {
        versions.push(await timeProcess([fieldsync, '--version'], dir));
        fromSource.push(await timeProcess([fieldsync, '--version'], dir, { FIELDSYNC_FROM_SOURCE: '1' }));
        bareNode.push(await timeProcess(['-e', ''], dir));
      }
      const list = (values: number[]) => values.map((ms) => Math.round(ms)).join(', ');
      settings.log(`  fieldsync --version: built ${list(versions)} ms; from the sources through tsx ${list(fromSource)} ms; node -e "": ${list(bareNode)} ms`);

      const first = await timeBridgeStart(fieldsync, dir, user, ['--records', String(records)]);
      if (!existsSync(path.join(dir, '.fieldsync', 'demo-crm.db'))) throw new Error('the first start left no .fieldsync/demo-crm.db');
      settings.log(
        `  first start (seeds ${records.toLocaleString('en-US')} records): banner after ${seconds(first.bannerMs).toFixed(2)} s, signIn answered after ${seconds(first.signedInMs).toFixed(2)} s`,
      );
      const again: number[] = [];
      for (let i = 0; i < starts; i++) {
        const timing = await timeBridgeStart(fieldsync, dir, user);
        again.push(timing.signedInMs);
        settings.log(
          `  start on the seeded org: banner after ${seconds(timing.bannerMs).toFixed(2)} s, signIn answered after ${seconds(timing.signedInMs).toFixed(2)} s (${timing.attempts} attempt${timing.attempts === 1 ? '' : 's'})`,
        );
      }
      const baseline = seconds(percentile(versions, 50));
      const baselineName = 'fieldsync --version (median of 5)';
      return [
        {
          name: `npm start to the first signIn, demo org seeded${starts > 1 ? ` (median of ${starts})` : ''}`,
          value: seconds(percentile(again, 50)),
          unit: 's',
          baseline,
          baselineName,
          higherIsBetter: false,
          targets: [{ op: '<=', limit: 0.8 }],
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
          name: 'fieldsync --version, built at install (median of 5)',
          value: baseline,
          unit: 's',
          baseline: seconds(percentile(bareNode, 50)),
          baselineName: 'node -e "" (median of 5)',
          higherIsBetter: false,
          targets: [{ op: '<=', limit: 0.3 }],
        },
        {
          name: 'fieldsync --version from the TypeScript sources through tsx (median of 5)',
          value: seconds(percentile(fromSource, 50)),
          unit: 's',
          baseline,
          baselineName: 'the build',
          higherIsBetter: false,
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
