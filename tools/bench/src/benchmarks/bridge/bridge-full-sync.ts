import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runWorkerProcess } from '../../measure/run-worker-process';
import type { BenchFigure } from '../../report/bench-figure';
import type { Benchmark, BenchSettings } from '../../report/benchmark';
import { generateBenchAccounts } from '../bench-account-schema';
import { syncFullSchema } from '../bench-sync-schema';
import { countLabel } from '../measure-full-sync';
import { runSyncJob } from '../run-sync-job';
import { seedSyncServer, SYNC_BENCH_PASSWORD, SYNC_BENCH_ROLE, SYNC_BENCH_USER } from '../seed-sync-server';
import type { SyncJobResult } from '../sync-job';
import type { BridgeFullSyncJob, BridgeFullSyncResult } from './bridge-full-sync-job';
import type { BridgeHostUsage } from './bridge-host-protocol';
import { startBridgeProcess } from './bridge-process';

/** Target of a full sync through the bridge over loopback (docs/bench.md). */
export const BRIDGE_FULL_SYNC_TARGET = 25_000;

/** Whether the device also uses the connector as its device channel (control, customization, tracking). */
const WITH_CHANNEL = true;

const IN_PROCESS = 'engine + connector-embedded in one process';

/** One measurement through the bridge: the device's figures and the bridge process's usage. */
interface BridgeRun {
  readonly device: BridgeFullSyncResult;
  /** Bridge CPU time during the device's sync, ms (from the usage before and after it). */
  readonly bridgeCpuMs: number;
  /** The bridge process's usage after it listened, and at its end. */
  readonly bridgeStart: BridgeHostUsage;
  readonly bridgeEnd: BridgeHostUsage;
}

/** A fresh bridge over the server file in a child process, a fresh device process syncing through it, then the bridge closed. */
async function syncThroughBridge(dir: string, serverFile: string, run: number, expected: number): Promise<BridgeRun> {
  const bridge = await startBridgeProcess({ crmFile: serverFile, databaseUrl: path.join(dir, `bridge-${run}.db`), customizationRoles: [SYNC_BENCH_ROLE] });
  try {
    const before = await bridge.usage();
    const job: BridgeFullSyncJob = {
      url: bridge.url,
      userName: SYNC_BENCH_USER,
      password: SYNC_BENCH_PASSWORD,
      deviceId: `bench-device-${run}`,
      deviceFile: path.join(dir, `bridge-device-${run}.db`),
      entity: 'account',
      expected,
      channel: WITH_CHANNEL,
    };
    const device = await runWorkerProcess<BridgeFullSyncJob, BridgeFullSyncResult>(
      path.join(__dirname, 'bridge-sync-worker.ts'),
      job,
      'the device syncing through the bridge',
    );
    const after = await bridge.usage();
    return { device, bridgeCpuMs: after.cpuMs - before.cpuMs, bridgeStart: bridge.startUsage, bridgeEnd: await bridge.close() };
  } catch (error) {
    await bridge.close().catch(() => undefined);
    throw error;
  }
}

function logRun(settings: BenchSettings, inProcess: SyncJobResult, bridged: BridgeRun): void {
  const { device } = bridged;
  const busy = (cpuMs: number) => `${Math.round((cpuMs * 100) / device.elapsedMs)}%`;
  settings.log(
    `  in process: ${Math.round(inProcess.recordsPerSecond)} records/s, ${(inProcess.elapsedMs / 1000).toFixed(1)} s, peak RSS ${Math.round(inProcess.peakRssMb)} MB, loop delay ${Math.round(inProcess.loopDelayMs ?? 0)} ms`,
  );
  settings.log(
    `  through the bridge: ${Math.round(device.recordsPerSecond)} records/s, ${(device.elapsedMs / 1000).toFixed(1)} s (${(device.steps ?? []).map((step) => `${step.step} ${step.ms} ms`).join(', ')}); ` +
      `CPU busy: device ${busy(device.cpuMs)}, bridge ${busy(bridged.bridgeCpuMs)}; peak RSS device ${Math.round(device.peakRssMb)} MB, bridge ${Math.round(bridged.bridgeEnd.peakRssMb)} MB`,
  );
}

/**
 * The first (full) sync of N accounts-like records of 20 fields (the `sync-full` data; 100,000, 5,000
 * with `--quick`) through a bridge in its own process over loopback, the device (engine,
 * `createBridgeConnector`, a fresh device file) in another; against the same sync in one process
 * (engine + connector-embedded over the same file, the `sync-full` engine job). Both are run in fresh
 * processes, twice in a full run (alternating), and the faster of each counts: the machine is shared.
 */
export const bridgeFullSync: Benchmark = {
  name: 'bridge-full-sync',
  description: 'full sync of 20-field records through the bridge (its own process, loopback) vs engine + connector-embedded in one process: records/s',
  async run(settings) {
    const size = settings.quick ? 5_000 : 100_000;
    const runs = settings.quick ? 1 : 2;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bench-bridge-sync-'));
    try {
      const serverFile = path.join(dir, 'server.db');
      settings.log(`  full sync of ${countLabel(size)} accounts through the bridge`);
      await seedSyncServer({
        file: serverFile,
        schema: syncFullSchema,
        counts: { account: size },
        rows: (_entity, count, chunk) => generateBenchAccounts(count, chunk.seed, chunk.offset),
        log: settings.log,
      });
      const inProcess: SyncJobResult[] = [];
      const bridged: BridgeRun[] = [];
      for (let run = 1; run <= runs; run++) {
        inProcess.push(
          await runSyncJob({
            kind: 'engine',
            serverFile,
            deviceFile: path.join(dir, `device-${run}.db`),
            userName: SYNC_BENCH_USER,
            password: SYNC_BENCH_PASSWORD,
            expected: size,
          }),
        );
        bridged.push(await syncThroughBridge(dir, serverFile, run, size));
        logRun(settings, inProcess[run - 1], bridged[run - 1]);
      }
      const best = <T>(items: readonly T[], rate: (item: T) => number): T => items.reduce((a, b) => (rate(b) > rate(a) ? b : a));
      const engine = best(inProcess, (result) => result.recordsPerSecond);
      const bridge = best(bridged, (result) => result.device.recordsPerSecond);
      const label = `full sync through the bridge, ${countLabel(size)} records`;
      const figures: BenchFigure[] = [
        {
          name: label,
          value: bridge.device.recordsPerSecond,
          unit: 'records/s',
          baseline: engine.recordsPerSecond,
          baselineName: IN_PROCESS,
          targets: [{ op: '>=', limit: BRIDGE_FULL_SYNC_TARGET }],
        },
        {
          name: `${label}: device process peak RSS`,
          value: bridge.device.peakRssMb,
          unit: 'MB',
          baseline: engine.peakRssMb,
          baselineName: IN_PROCESS,
          higherIsBetter: false,
        },
        {
          name: `${label}: bridge process peak RSS`,
          value: bridge.bridgeEnd.peakRssMb,
          unit: 'MB',
          baseline: bridge.bridgeStart.peakRssMb,
          baselineName: 'the bridge process once listening',
          higherIsBetter: false,
        },
        {
          name: `${label}: device largest event-loop delay`,
          value: bridge.device.loopDelayMs ?? Number.NaN,
          unit: 'ms',
          baseline: engine.loopDelayMs,
          baselineName: IN_PROCESS,
          higherIsBetter: false,
        },
      ];
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
