import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEmbeddedConnector } from '@fieldsync/connector-embedded';
import { openCrmStore, type StoreWriteOperation } from '@fieldsync/crm-store';
import { defaultAppSettings } from '@fieldsync/model';
import { openSyncEngine } from '@fieldsync/sync-core';
import { openDeviceDatabase } from '@fieldsync/sync-core/node';
import type { Benchmark } from '../report/benchmark';
import { syncUploadSchema } from './bench-sync-schema';
import { generateUploadChanges, type UploadRecord } from './generate-upload-changes';
import { countLabel } from './measure-full-sync';
import { seedSyncServer, SYNC_BENCH_PASSWORD, SYNC_BENCH_USER } from './seed-sync-server';

const CONTACTS_PER_ACCOUNT = 4;

/** The server alone: crm-store applying the same creates as alice, parents first, in the engine's batch size. Answers ms. */
async function applyOnServer(file: string, records: readonly UploadRecord[]): Promise<number> {
  const store = await openCrmStore({ file });
  try {
    const user = await store.findUserByName(SYNC_BENCH_USER);
    if (!user) throw new Error(`no ${SYNC_BENCH_USER} in ${file}`);
    const principal = await store.principalOf(user.id);
    const batchSize = defaultAppSettings().MaxExecuteMultiple;
    const ordered = [...records.filter((r) => r.entity === 'account'), ...records.filter((r) => r.entity === 'contact')];
    const operations: StoreWriteOperation[] = ordered.map((record) => ({
      kind: 'create',
      entity: record.entity,
      id: record.id,
      fields: { ...record.fields, [`${record.entity}id`]: record.id },
      idempotencyKey: randomUUID(),
    }));
    const started = performance.now();
    for (let start = 0; start < operations.length; start += batchSize) {
      const results = await store.write(principal, operations.slice(start, start + batchSize));
      const failed = results.find((result) => result.status !== 'ok');
      if (failed) throw new Error(`crm-store refused a create of the upload baseline: ${JSON.stringify(failed)}`);
    }
    return performance.now() - started;
  } finally {
    await store.close();
  }
}

/**
 * The upload of changes made on the device: 2,000 accounts and 8,000 contacts pointing at them (100 and
 * 400 with `--quick`) created through `engine.records.create`, then sent by one `engine.sync()` through
 * connector-embedded. Against crm-store applying the same creates directly, in batches of the same size.
 */
export const syncUpload: Benchmark = {
  name: 'sync-upload',
  description: 'upload of accounts and contacts created on the device vs crm-store applying the same creates',
  async run(settings) {
    const accounts = settings.quick ? 100 : 2_000;
    const records = generateUploadChanges(accounts, CONTACTS_PER_ACCOUNT);
    const label = `${countLabel(records.length)} changes (${countLabel(accounts)} accounts + ${countLabel(accounts * CONTACTS_PER_ACCOUNT)} contacts)`;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bench-upload-'));
    try {
      const serverFile = path.join(dir, 'server.db');
      const baselineFile = path.join(dir, 'baseline.db');
      await seedSyncServer({ file: serverFile, schema: syncUploadSchema, counts: {}, log: settings.log });
      await seedSyncServer({ file: baselineFile, schema: syncUploadSchema, counts: {}, log: settings.log });
      const store = await openCrmStore({ file: serverFile });
      const connector = createEmbeddedConnector({ store, userName: SYNC_BENCH_USER, password: SYNC_BENCH_PASSWORD });
      const db = await openDeviceDatabase(path.join(dir, 'device.db'));
      let createMs: number;
      let uploadMs: number;
      try {
        const engine = await openSyncEngine({ db, connector });
        const first = await engine.sync();
        if (first.result === 'failed') throw new Error(`the first sync failed: ${first.error?.message}`);
        const createStarted = performance.now();
        for (const record of records) await engine.records.create(record.entity, record.fields, { id: record.id });
        createMs = performance.now() - createStarted;
        const result = await engine.sync();
        const step = result.steps.find((candidate) => candidate.step === 'upload');
        if (result.result === 'failed' || !step) throw new Error(`the upload sync failed: ${result.error?.code}: ${result.error?.message}`);
        if (result.errors > 0 || result.uploaded < records.length)
          throw new Error(`the upload sent ${result.uploaded} of ${records.length} records with ${result.errors} errors`);
        uploadMs = step.ms;
        const pending = (await engine.status()).pendingChanges;
        settings.log(
          `  upload: ${result.uploaded} operations in ${step.ms} ms (${step.serverCalls} server calls), whole sync ${result.durationMs} ms; ${pending} changes still pending after it`,
        );
        for (const record of [records[0], records[1]]) {
          if (!(await store.getAsSystem(record.entity, record.id))) throw new Error(`${record.entity} ${record.id} is not on the server after the upload`);
        }
      } finally {
        await connector.close();
        await db.destroy();
        await store.close();
      }
      const serverMs = await applyOnServer(baselineFile, records);
      settings.log(`  local creates: ${Math.round(createMs)} ms; crm-store applying the same creates: ${Math.round(serverMs)} ms`);
      return [
        {
          name: `upload of ${label}`,
          value: (records.length * 1000) / uploadMs,
          unit: 'records/s',
          baseline: (records.length * 1000) / serverMs,
          baselineName: 'crm-store write of the same creates, batches of 100',
          targets: [{ of: 'ratio', op: '>=', limit: 0.9 }],
        },
        {
          name: `local creates before the upload (${countLabel(records.length)} records.create)`,
          value: (records.length * 1000) / createMs,
          unit: 'records/s',
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
