import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { createDynamicsConnector } from '@fieldsync/connector-dynamics';
import { openCrmStore } from '@fieldsync/crm-store';
import { startDataverseEmulator, type DataverseEmulator } from '@fieldsync/emulator-dataverse';
import type { BenchFigure } from '../../report/bench-figure';
import type { Benchmark } from '../../report/benchmark';
import { createAccountsThroughConnector, readAccountsThroughConnector } from '../connector-runs';
import { generateBenchAccounts } from '../bench-account-schema';
import { syncFullSchema } from '../bench-sync-schema';
import { seedSyncServer, SYNC_BENCH_PASSWORD, SYNC_BENCH_USER } from '../seed-sync-server';

/** Target of the connector's full read against plain paged GETs of the same entity set (issue 6). */
export const DYNAMICS_READ_RATIO_TARGET = 0.8;

/** Page size of both reads: the most `odata.maxpagesize` takes. */
const PAGE = 5_000;

/** A user's access token straight from the emulator's Azure AD endpoint (the password grant, as msal sends it). */
async function plainToken(emulator: DataverseEmulator, dispatcher: Agent): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'password',
    client_id: 'fieldsync',
    username: SYNC_BENCH_USER,
    password: SYNC_BENCH_PASSWORD,
    scope: emulator.scope,
  });
  const answer = await request(`${emulator.authority}/oauth2/v2.0/token`, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  const body = (await answer.body.json()) as { access_token?: string };
  if (answer.statusCode !== 200 || !body.access_token) throw new Error(`token request answered ${answer.statusCode}`);
  return body.access_token;
}

/** The same read with plain GETs: the entity set with the same `$select`, following `@odata.nextLink`. */
async function readThroughGets(emulator: DataverseEmulator, dispatcher: Agent, select: readonly string[]): Promise<{ records: number; seconds: number }> {
  const token = await plainToken(emulator, dispatcher);
  const headers = {
    authorization: `Bearer ${token}`,
    accept: 'application/json',
    prefer: `odata.maxpagesize=${PAGE}`,
    'odata-version': '4.0',
    'odata-maxversion': '4.0',
  };
  const started = performance.now();
  let records = 0;
  let next: string | undefined = `${emulator.apiUrl}accounts?$select=${select.join(',')}`;
  while (next) {
    const answer = await request(next, { dispatcher, headers });
    const page = (await answer.body.json()) as { value?: unknown[]; '@odata.nextLink'?: string };
    if (answer.statusCode !== 200 || !Array.isArray(page.value)) throw new Error(`GET ${next} answered ${answer.statusCode}`);
    records += page.value.length;
    next = page['@odata.nextLink'];
  }
  return { records, seconds: (performance.now() - started) / 1000 };
}

/**
 * The Dynamics connector against the Dataverse emulator over loopback HTTPS, tokens from real
 * msal-node: a full read of N accounts (100,000; 5,000 with `--quick`) vs plain paged GETs of the same
 * entity set and columns (records/s and the ratio), and 10,000 creates (1,000 quick) through
 * `writeBatch` in `$batch` calls of 1,000. The emulator runs in the same process as both readers.
 */
export const dynamicsConnector: Benchmark = {
  name: 'dynamics-connector',
  description: 'Dynamics connector vs plain paged Web API GETs against the Dataverse emulator: full read records/s, and creates/s',
  async run(settings) {
    const size = settings.quick ? 5_000 : 100_000;
    const creates = settings.quick ? 1_000 : 10_000;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bench-dynamics-'));
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
      const emulator = await startDataverseEmulator({ store, serviceProtection: { requestsPerWindow: 10_000_000 } });
      const dispatcher = new Agent({ connect: { ca: emulator.ca } });
      const connector = createDynamicsConnector({
        environmentUrl: emulator.url,
        apiUrl: emulator.apiUrl,
        credentials: { kind: 'password', clientId: 'fieldsync', tenantId: emulator.tenantId, username: SYNC_BENCH_USER, password: SYNC_BENCH_PASSWORD },
        authority: {
          authority: emulator.authority,
          knownAuthorities: [emulator.knownAuthority],
          authorityMetadata: emulator.authorityMetadata,
          cloudDiscoveryMetadata: emulator.cloudDiscoveryMetadata,
        },
        ca: emulator.ca,
      });
      try {
        await connector.signIn();
        const schema = await connector.describe(['account']);
        const columns = schema.entities[0].fields.map((field) => (field.type === 'lookup' || field.type === 'owner' ? `_${field.name}_value` : field.name));
        const ours: number[] = [];
        const plain: number[] = [];
        for (let run = 0; run < 2; run++) {
          const viaConnector = await readAccountsThroughConnector(connector, PAGE);
          const viaGets = await readThroughGets(emulator, dispatcher, columns);
          if (viaConnector.records !== size || viaGets.records !== size)
            throw new Error(`read ${viaConnector.records} (connector) and ${viaGets.records} (GETs) of ${size} accounts`);
          ours.push(size / viaConnector.seconds);
          plain.push(size / viaGets.seconds);
          settings.log(
            `  run ${run + 1}: connector ${Math.round(size / viaConnector.seconds)} records/s, plain GETs ${Math.round(size / viaGets.seconds)} records/s (${columns.length} columns)`,
          );
        }
        const createSeconds = await createAccountsThroughConnector(connector, creates, 1_000, true);
        settings.log(`  ${creates} creates in ${createSeconds.toFixed(1)} s`);
        const figures: BenchFigure[] = [
          {
            name: `Dynamics connector full read, ${size.toLocaleString('en-US')} accounts (best of 2)`,
            value: Math.max(...ours),
            unit: 'records/s',
            baseline: Math.max(...plain),
            baselineName: 'plain paged GETs of the same entity set and columns (best of 2)',
            targets: [{ op: '>=', limit: DYNAMICS_READ_RATIO_TARGET, of: 'ratio' }],
          },
          {
            name: `Dynamics connector creates, ${creates.toLocaleString('en-US')} accounts in $batch calls of 1,000`,
            value: creates / createSeconds,
            unit: 'records/s',
          },
        ];
        return figures;
      } finally {
        await connector.close();
        await dispatcher.close();
        await emulator.close();
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
