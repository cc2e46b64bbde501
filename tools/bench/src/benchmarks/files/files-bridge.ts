import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleNodeScript } from '@fieldsync/cli/testing';
import { runWorkerProcess } from '../../measure/run-worker-process';
import type { BenchFigure } from '../../report/bench-figure';
import type { Benchmark } from '../../report/benchmark';
import { startBridgeProcess } from '../bridge/bridge-process';
import { countLabel } from '../measure-full-sync';
import { SYNC_BENCH_PASSWORD, SYNC_BENCH_ROLE, SYNC_BENCH_USER } from '../seed-sync-server';
import type { FilesBridgeJob, FilesBridgeResult } from './files-bridge-job';
import { seedNotesWithBodies } from './seed-notes-with-bodies';

/** Downloads at once: the engine's default `attachments.parallel`, and the baseline's. */
const PARALLEL = 10;

/** The machine's load averages (1, 5, 15 min), to read the delays by. */
const loadAverage = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

const RAW = `plain fetch GETs of /attachments, ${PARALLEL} at once`;

/**
 * 10,000 notes (500 with `--quick`) with bodies of 2–50 KB (sizes and bytes from a seeded PRNG) served by
 * a bridge in its own process; a device in another process syncs them (its attachment step downloads
 * every body into files, `parallel` 10) and checks each file's size and sha256. Baseline: plain GETs of
 * the same bodies from the same bridge's `/attachments` route, 10 at once, in a fresh process, same run.
 */
export const filesBridge: Benchmark = {
  name: 'files-bridge',
  description: 'download of many small files through the bridge by the device attachment step vs plain GETs of the same route: files/s',
  async run(settings) {
    const count = settings.quick ? 500 : 10_000;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bench-files-bridge-'));
    try {
      const crmFile = path.join(dir, 'server.db');
      const manifestFile = path.join(dir, 'expected-files.json');
      settings.log(`  ${countLabel(count)} notes with bodies of 2–50 KB`);
      const { bytes } = await seedNotesWithBodies({ file: crmFile, count, minBytes: 2_000, maxBytes: 50_000, seed: 13, manifestFile, log: settings.log });
      const bridge = await startBridgeProcess({
        crmFile,
        databaseUrl: path.join(dir, 'bridge.db'),
        customizationRoles: [SYNC_BENCH_ROLE],
        attachmentEntities: ['annotation'],
      });
      let device: FilesBridgeResult;
      let raw: FilesBridgeResult;
      let bridgeCpu: { device: number; raw: number };
      try {
        const job = (kind: FilesBridgeJob['kind']): FilesBridgeJob => ({
          kind,
          url: bridge.url,
          userName: SYNC_BENCH_USER,
          password: SYNC_BENCH_PASSWORD,
          deviceId: `bench-files-${kind}`,
          deviceFile: path.join(dir, `device-${kind}.db`),
          manifestFile,
          parallel: PARALLEL,
        });
        // Both jobs run the worker bundled once (plain JavaScript, as a device runs the CLI's bundle).
        const worker = await bundleNodeScript(path.join(__dirname, 'files-bridge-worker.ts'), dir);
        const before = await bridge.usage();
        raw = await runWorkerProcess<FilesBridgeJob, FilesBridgeResult>(worker, job('raw'), 'the raw GETs of the bodies');
        const between = await bridge.usage();
        device = await runWorkerProcess<FilesBridgeJob, FilesBridgeResult>(worker, job('device'), 'the device downloading the bodies');
        const after = await bridge.usage();
        bridgeCpu = { raw: between.cpuMs - before.cpuMs, device: after.cpuMs - between.cpuMs };
      } finally {
        await bridge.close();
      }
      const busy = (cpuMs: number, result: FilesBridgeResult) => `${Math.round((cpuMs * 100) / result.elapsedMs)}%`;
      settings.log(
        `  raw GETs: ${Math.round(raw.filesPerSecond)} files/s (${(raw.elapsedMs / 1000).toFixed(1)} s, ${(bytes / 1e6).toFixed(1)} MB); CPU busy: client ${busy(raw.cpuMs, raw)} (bridge CPU ${Math.round(bridgeCpu.raw)} ms for the whole job)`,
      );
      const delays = (result: FilesBridgeResult) => `loop delay max ${Math.round(result.loopDelayMs)} ms, p99 ${result.loopDelayP99Ms.toFixed(1)} ms`;
      settings.log(`  raw GETs: ${delays(raw)}; device: ${delays(device)}; load ${loadAverage()}`);
      settings.log(
        `  device: ${Math.round(device.filesPerSecond)} files/s (attachment step ${(device.elapsedMs / 1000).toFixed(1)} s, of which the queue ${((device.queueMs ?? 0) / 1000).toFixed(1)} s; whole sync ${((device.syncMs ?? 0) / 1000).toFixed(1)} s); CPU busy: device ${busy(device.cpuMs, device)} (bridge CPU ${Math.round(bridgeCpu.device)} ms for the whole sync); peak RSS ${Math.round(device.peakRssMb)} MB`,
      );
      const label = `download of ${countLabel(count)} files of 2–50 KB through the bridge`;
      const figures: BenchFigure[] = [
        {
          name: label,
          value: device.filesPerSecond,
          unit: 'files/s',
          baseline: raw.filesPerSecond,
          baselineName: RAW,
          targets: [{ of: 'ratio', op: '>=', limit: 0.7 }],
        },
        {
          name: `${label}: device largest event-loop delay`,
          value: device.loopDelayMs,
          unit: 'ms',
          baseline: raw.loopDelayMs,
          baselineName: RAW,
          higherIsBetter: false,
          targets: [{ op: '<=', limit: 50 }],
        },
      ];
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
