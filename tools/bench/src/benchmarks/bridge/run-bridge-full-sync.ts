import { performance } from 'node:perf_hooks';
import { createBridgeConnector } from '@fieldsync/connector-bridge';
import { openSyncEngine } from '@fieldsync/sync-core';
import { openDeviceDatabase } from '@fieldsync/sync-core/node';
import { LoopDelayMonitor } from '../../measure/loop-delay-monitor';
import type { BridgeFullSyncJob, BridgeFullSyncResult } from './bridge-full-sync-job';

/**
 * The device side of `bridge-full-sync`, in a child process: a fresh device database and an engine
 * whose connector (and, when asked, device channel) is `createBridgeConnector` to the bridge; registers
 * the device (not timed), runs the first sync and measures its rate, the process's peak RSS, the
 * largest event-loop delay and the CPU time. Throws when the sync fails or the device does not end
 * with `expected` records of the entity.
 */
export async function runBridgeFullSync(job: BridgeFullSyncJob): Promise<BridgeFullSyncResult> {
  const connector = createBridgeConnector({ url: job.url, userName: job.userName, password: job.password, deviceId: job.deviceId });
  const db = await openDeviceDatabase(job.deviceFile);
  try {
    // What an app does at login, before its first sync: not part of the sync's time.
    if (job.channel) await connector.registerDevice({ deviceId: job.deviceId, name: `bench ${job.deviceId}`, os: 'bench', appVersion: '1.0.0' });
    const engine = await openSyncEngine({ db, connector, ...(job.channel ? { channel: connector } : {}) });
    const loop = new LoopDelayMonitor().start();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await engine.sync();
    const elapsedMs = performance.now() - started;
    const { user, system } = process.cpuUsage(cpu);
    const loopDelayMs = loop.stop();
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    if (result.result === 'failed') throw new Error(`the sync through the bridge failed: ${result.error?.code}: ${result.error?.message}`);
    const held = (await engine.status()).entities.find((entity) => entity.entity === job.entity)?.records ?? 0;
    if (result.downloaded !== job.expected || held !== job.expected) {
      throw new Error(
        `the sync through the bridge downloaded ${result.downloaded} records and the device holds ${held} ${job.entity} records, expected ${job.expected}`,
      );
    }
    return {
      records: result.downloaded,
      elapsedMs,
      recordsPerSecond: (result.downloaded * 1000) / elapsedMs,
      peakRssMb,
      loopDelayMs,
      cpuMs: (user + system) / 1000,
      steps: result.steps.map(({ step, ms, records }) => ({ step, ms, records })),
    };
  } finally {
    await connector.close();
    await db.destroy();
  }
}
