import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import jsforce from 'jsforce';
import { createSalesforceConnector } from '@fieldsync/connector-salesforce';
import { openCrmStore } from '@fieldsync/crm-store';
import { startSalesforceEmulator } from '@fieldsync/emulator-salesforce';
import type { BenchFigure } from '../../report/bench-figure';
import type { Benchmark } from '../../report/benchmark';
import { createAccountsThroughConnector, readAccountsThroughConnector } from '../connector-runs';
import { generateBenchAccounts } from '../bench-account-schema';
import { syncFullSchema } from '../bench-sync-schema';
import { seedSyncServer, SYNC_BENCH_PASSWORD, SYNC_BENCH_USER } from '../seed-sync-server';

/** Target of the connector's full read against plain jsforce paging of the same SOQL (issue 5). */
export const SALESFORCE_READ_RATIO_TARGET = 0.8;

/** The same read with jsforce alone: one SOQL of the same fields, then queryMore until done. */
async function readThroughJsforce(loginUrl: string, soql: string): Promise<{ records: number; seconds: number }> {
  const connection = new jsforce.Connection({ loginUrl, version: '59.0' });
  await connection.login(SYNC_BENCH_USER, SYNC_BENCH_PASSWORD);
  const started = performance.now();
  let result = await connection.query(soql, { autoFetch: false });
  let records = result.records.length;
  while (!result.done && result.nextRecordsUrl) {
    result = await connection.queryMore(result.nextRecordsUrl);
    records += result.records.length;
  }
  return { records, seconds: (performance.now() - started) / 1000 };
}

/**
 * The Salesforce connector against the emulator, through real jsforce over loopback HTTP: a full read
 * of N accounts (100,000; 5,000 with `--quick`) vs plain jsforce `query`/`queryMore` paging of the same
 * fields (records/s and the ratio), and 10,000 creates (1,000 quick) through `writeBatch` in sObject
 * Collections of 200. The emulator runs in the same process as both readers, so the ratio compares
 * the clients on equal terms.
 */
export const salesforceConnector: Benchmark = {
  name: 'salesforce-connector',
  description: 'Salesforce connector vs plain jsforce paging against the emulator: full read records/s, and creates/s',
  async run(settings) {
    for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[name];
    const size = settings.quick ? 5_000 : 100_000;
    const creates = settings.quick ? 1_000 : 10_000;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bench-salesforce-'));
    try {
      const file = path.join(dir, 'server.db');
      await seedSyncServer({
        file,
        schema: syncFullSchema,
        counts: { account: size },
        rows: (_entity, count, chunk) => generateBenchAccounts(count, chunk.seed, chunk.offset),
        log: settings.log,
      });
      const store = await openCrmStore({ file });
      const emulator = await startSalesforceEmulator({ store, dailyApiLimit: 10_000_000 });
      const connector = createSalesforceConnector({
        loginUrl: emulator.loginUrl,
        credentials: { kind: 'password', username: SYNC_BENCH_USER, password: SYNC_BENCH_PASSWORD },
        externalIdField: 'Fieldsync_Id__c',
      });
      try {
        await connector.signIn();
        const schema = await connector.describe(['account']);
        const fields = schema.entities[0].fields.map((field) => field.name);
        const describe = new jsforce.Connection({ loginUrl: emulator.loginUrl, version: '59.0' });
        await describe.login(SYNC_BENCH_USER, SYNC_BENCH_PASSWORD);
        const sObject = await describe.sobject('Account').describe();
        const soql = `SELECT ${sObject.fields.map((field) => field.name).join(', ')} FROM Account ORDER BY Id`;
        const ours: number[] = [];
        const plain: number[] = [];
        for (let run = 0; run < 2; run++) {
          const viaConnector = await readAccountsThroughConnector(connector, 2000);
          const viaJsforce = await readThroughJsforce(emulator.loginUrl, soql);
          if (viaConnector.records !== size || viaJsforce.records !== size)
            throw new Error(`read ${viaConnector.records} (connector) and ${viaJsforce.records} (jsforce) of ${size} accounts`);
          ours.push(size / viaConnector.seconds);
          plain.push(size / viaJsforce.seconds);
          settings.log(
            `  run ${run + 1}: connector ${Math.round(size / viaConnector.seconds)} records/s (${fields.length} fields), jsforce ${Math.round(size / viaJsforce.seconds)} records/s (${sObject.fields.length} fields)`,
          );
        }
        const createSeconds = await createAccountsThroughConnector(connector, creates, 200, false);
        settings.log(`  ${creates} creates in ${createSeconds.toFixed(1)} s`);
        const figures: BenchFigure[] = [
          {
            name: `Salesforce connector full read, ${size.toLocaleString('en-US')} accounts (best of 2)`,
            value: Math.max(...ours),
            unit: 'records/s',
            baseline: Math.max(...plain),
            baselineName: 'jsforce query + queryMore of the same fields (best of 2)',
            targets: [{ op: '>=', limit: SALESFORCE_READ_RATIO_TARGET, of: 'ratio' }],
          },
          {
            name: `Salesforce connector creates, ${creates.toLocaleString('en-US')} accounts in collections of 200`,
            value: creates / createSeconds,
            unit: 'records/s',
          },
        ];
        return figures;
      } finally {
        await connector.close();
        await emulator.close();
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
