import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createBridgeConnector } from '@fieldsync/connector-bridge';
import { openSyncEngine } from '@fieldsync/sync-core';
import { createFileBlobStorage, filesDirBeside, openDeviceDatabase } from '@fieldsync/sync-core/node';
import { LoopDelayMonitor } from '../../measure/loop-delay-monitor';
import type { FilesBridgeJob, FilesBridgeResult } from './files-bridge-job';
import type { ExpectedFile } from './seed-notes-with-bodies';

/** The measures of one download run: wall time, CPU, loop delay. */
class DownloadTimer {
  #loop = new LoopDelayMonitor();
  #started = 0;
  #cpu: NodeJS.CpuUsage | undefined;
  elapsedMs = 0;
  cpuMs = 0;
  loopDelayMs = 0;
  loopDelayP99Ms = 0;

  get running(): boolean {
    return this.#cpu !== undefined;
  }

  start(): void {
    this.#loop.start();
    this.#cpu = process.cpuUsage();
    this.#started = performance.now();
  }

  /** Wall time since {@link start}, ms. */
  sinceStartMs(): number {
    return performance.now() - this.#started;
  }

  stop(): void {
    if (!this.#cpu) return;
    this.elapsedMs = performance.now() - this.#started;
    const { user, system } = process.cpuUsage(this.#cpu);
    this.cpuMs = (user + system) / 1000;
    this.loopDelayMs = this.#loop.stop();
    this.loopDelayP99Ms = this.#loop.percentileMs(99);
    this.#cpu = undefined;
  }
}

function result(expected: readonly ExpectedFile[], timer: DownloadTimer, syncMs?: number, queueMs?: number): FilesBridgeResult {
  return {
    files: expected.length,
    bytes: expected.reduce((sum, file) => sum + file.size, 0),
    elapsedMs: timer.elapsedMs,
    filesPerSecond: (expected.length * 1000) / timer.elapsedMs,
    loopDelayMs: timer.loopDelayMs,
    loopDelayP99Ms: timer.loopDelayP99Ms,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    cpuMs: timer.cpuMs,
    ...(syncMs !== undefined ? { syncMs } : {}),
    ...(queueMs !== undefined ? { queueMs } : {}),
  };
}

/**
 * The device: a fresh device database, an engine whose connector and channel is `createBridgeConnector`
 * and whose bodies go to files beside the database, registered (not timed), then one `engine.sync()`.
 * The attachment step is timed from its first progress event to the one that counts every file done;
 * afterwards every expected body must be `downloaded` with its size and sha256, on disk too.
 */
async function runDevice(job: FilesBridgeJob, expected: readonly ExpectedFile[]): Promise<FilesBridgeResult> {
  const connector = createBridgeConnector({ url: job.url, userName: job.userName, password: job.password, deviceId: job.deviceId });
  const db = await openDeviceDatabase(job.deviceFile);
  try {
    await connector.registerDevice({ deviceId: job.deviceId, name: `bench ${job.deviceId}`, os: 'bench', appVersion: '1.0.0' });
    const timer = new DownloadTimer();
    let queueMs: number | undefined;
    const engine = await openSyncEngine({
      db,
      connector,
      channel: connector,
      attachments: { storage: createFileBlobStorage(filesDirBeside(job.deviceFile)), parallel: job.parallel },
      onProgress: (progress) => {
        if (progress.step !== 'attachments') return;
        if (!timer.running && timer.elapsedMs === 0) timer.start();
        else if (queueMs === undefined && progress.total !== undefined) queueMs = timer.sinceStartMs();
        if (progress.total !== undefined && progress.done === progress.total && progress.total > 0) timer.stop();
      },
    });
    const started = performance.now();
    const sync = await engine.sync();
    const syncMs = performance.now() - started;
    timer.stop();
    if (sync.result === 'failed') throw new Error(`the device's sync failed: ${sync.error?.code}: ${sync.error?.message}`);
    const entries = new Map((await engine.attachments.list({ entity: 'annotation' })).map((entry) => [entry.id, entry]));
    for (const file of expected) {
      const entry = entries.get(file.id);
      if (!entry || entry.status !== 'downloaded' || !entry.path)
        throw new Error(`annotation ${file.id}: ${entry ? entry.status : 'not on the device'} (${entry?.reason ?? ''})`);
      const onDisk = readFileSync(entry.path);
      const hash = createHash('sha256').update(onDisk).digest('hex');
      if (onDisk.length !== file.size || hash !== file.sha256 || entry.hash !== file.sha256)
        throw new Error(`annotation ${file.id}: ${onDisk.length} bytes with sha256 ${hash} on disk, expected ${file.size} bytes with ${file.sha256}`);
    }
    return result(expected, timer, syncMs, queueMs);
  } finally {
    await connector.close();
    await db.destroy();
  }
}

/** The baseline: the same bodies by plain `fetch` GETs of `/attachments/annotation/<id>`, `parallel` at once, each hashed and checked. */
async function runRaw(job: FilesBridgeJob, expected: readonly ExpectedFile[]): Promise<FilesBridgeResult> {
  const connector = createBridgeConnector({ url: job.url, userName: job.userName, password: job.password, deviceId: job.deviceId });
  try {
    const token = (await connector.signIn()).accessToken;
    const base = job.url.replace(/\/$/, '');
    const timer = new DownloadTimer();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < expected.length) {
        const file = expected[next++];
        const response = await fetch(`${base}/attachments/annotation/${encodeURIComponent(file.id)}`, { headers: { authorization: `Bearer ${token}` } });
        if (response.status !== 200 || !response.body) throw new Error(`GET annotation ${file.id}: HTTP ${response.status}`);
        const hash = createHash('sha256');
        let size = 0;
        const reader = response.body.getReader();
        for (let read = await reader.read(); !read.done; read = await reader.read()) {
          hash.update(read.value);
          size += read.value.byteLength;
        }
        const digest = hash.digest('hex');
        if (size !== file.size || digest !== file.sha256)
          throw new Error(`GET annotation ${file.id}: ${size} bytes with sha256 ${digest}, expected ${file.size} with ${file.sha256}`);
      }
    };
    timer.start();
    await Promise.all(Array.from({ length: job.parallel }, worker));
    timer.stop();
    return result(expected, timer);
  } finally {
    await connector.close();
  }
}

/** Runs one `files-bridge` job in this process (see {@link FilesBridgeJob}). */
export function runFilesBridgeJob(job: FilesBridgeJob): Promise<FilesBridgeResult> {
  const expected = JSON.parse(readFileSync(job.manifestFile, 'utf8')) as ExpectedFile[];
  return job.kind === 'device' ? runDevice(job, expected) : runRaw(job, expected);
}
