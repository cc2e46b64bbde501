import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import type { FilesGraphJob, FilesGraphResult } from './files-graph-job';

function measured(bytes: number, started: number, cpu: NodeJS.CpuUsage, startRssMb: number): FilesGraphResult {
  const elapsedMs = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  return {
    bytes,
    elapsedMs,
    megabytesPerSecond: bytes / 1e6 / (elapsedMs / 1000),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    startRssMb,
    cpuMs: (user + system) / 1000,
  };
}

async function sha1OfFile(file: string): Promise<string> {
  const hash = createHash('sha1');
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex').toUpperCase();
}

/**
 * The device: connector-graph (msal sign-in, the item read, then its downloadUrl streamed) into the
 * device's file storage (`createFileBlobStorage`: a `.part` file, fsync, rename), hashed with sha256 on
 * the way as the engine's attachment download does. Timed from the `read` call to the rename; the
 * token is taken before (not timed). Afterwards the file must have the size and SHA-1 of the emulator's.
 */
async function runDevice(job: FilesGraphJob): Promise<FilesGraphResult> {
  // Loaded here, so that the baseline's process holds only undici.
  const { createGraphDocumentsConnector } = require('@fieldsync/connector-graph') as typeof import('@fieldsync/connector-graph');
  const { systemClock } = require('@fieldsync/model') as typeof import('@fieldsync/model');
  const { createFileBlobStorage } = require('@fieldsync/sync-core/node') as typeof import('@fieldsync/sync-core/node');
  const connector = createGraphDocumentsConnector({
    credentials: { tenantId: job.emulator.tenantId, clientId: 'fieldsync', clientSecret: 'fieldsync-secret' },
    authority: {
      authority: job.emulator.authority,
      knownAuthorities: [job.emulator.knownAuthority],
      authorityMetadata: job.emulator.authorityMetadata,
      cloudDiscoveryMetadata: job.emulator.cloudDiscoveryMetadata,
    },
    graphUrl: job.emulator.url,
    scope: job.emulator.scope,
    ca: job.emulator.ca,
    clock: systemClock,
    target: { kind: 'sharepoint', site: job.site },
  });
  // Signs in and finds the drive (not timed): what a device has done before its downloads.
  await connector.listFolder(job.record);
  const storage = createFileBlobStorage(job.filesDir);
  const startRssMb = process.memoryUsage.rss() / (1024 * 1024);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const content = await connector.read(job.record, job.itemId);
  const writer = await storage.open('document', job.itemId, false);
  const hash = createHash('sha256');
  let received = 0;
  let chunks = 0;
  for await (const chunk of content.body) {
    hash.update(chunk);
    await writer.write(chunk);
    received += chunk.byteLength;
    chunks++;
  }
  const { location } = await writer.commit();
  hash.digest();
  const result = { ...measured(received, started, cpu, startRssMb), chunks };
  if (received !== job.size || !location) throw new Error(`the device received ${received} bytes, expected ${job.size}`);
  const sha1 = await sha1OfFile(location);
  if (sha1 !== job.sha1) throw new Error(`the downloaded file has SHA-1 ${sha1}, expected ${job.sha1}`);
  return result;
}

/** The baseline: one undici GET of the item's downloadUrl, its body streamed and counted (SHA-1 checked). */
async function runRaw(job: FilesGraphJob): Promise<FilesGraphResult> {
  if (!job.downloadUrl) throw new Error('the raw GET needs the downloadUrl');
  const dispatcher = new Agent({ connect: { ca: job.emulator.ca } });
  try {
    const startRssMb = process.memoryUsage.rss() / (1024 * 1024);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const answer = await request(job.downloadUrl, { dispatcher });
    if (answer.statusCode !== 200) throw new Error(`the downloadUrl answered ${answer.statusCode}`);
    const hash = createHash('sha1');
    let received = 0;
    for await (const chunk of answer.body) {
      hash.update(chunk as Buffer);
      received += (chunk as Buffer).byteLength;
    }
    const result = measured(received, started, cpu, startRssMb);
    const sha1 = hash.digest('hex').toUpperCase();
    if (received !== job.size || sha1 !== job.sha1)
      throw new Error(`the raw GET received ${received} bytes with SHA-1 ${sha1}, expected ${job.size} with ${job.sha1}`);
    return result;
  } finally {
    await dispatcher.close();
  }
}

/** Runs one `files-graph-large` job in this process (see {@link FilesGraphJob}). */
export function runFilesGraphJob(job: FilesGraphJob): Promise<FilesGraphResult> {
  return job.kind === 'device' ? runDevice(job) : runRaw(job);
}
