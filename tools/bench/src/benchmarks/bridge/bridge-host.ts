/**
 * The child process of the bridge benchmarks: a real bridge on loopback over a seeded crm-store file,
 * driven over IPC (server-side edits, CPU and memory usage, close). Started by `startBridgeProcess`
 * with tsx's CommonJS loader; options as JSON in argv[2].
 *
 * The bridge runs in a process of its own so that the server and the devices do not share a thread
 * (the point of the bridge), so that its peak RSS is its own, and because jest cannot load the device
 * API's ES-module `jose` in its sandbox.
 */
import cluster from 'node:cluster';
import { createClusterFleetEvents, serveClusterWorker, startBridge, startBridgeCluster, type RunningBridge } from '@fieldsync/bridge-server';
import { openCrmStore } from '@fieldsync/crm-store';
import { customizationPartHashes, parseCustomization } from '@fieldsync/model';
import { procUsage } from '../../measure/process-tree-usage';
import type { BridgeHostOptions, BridgeHostReady, BridgeHostRequest, BridgeHostResponse, BridgeHostUsage } from './bridge-host-protocol';

function usage(): BridgeHostUsage {
  const resources = process.resourceUsage();
  return {
    cpuMs: (resources.userCPUTime + resources.systemCPUTime) / 1000,
    rssMb: process.memoryUsage.rss() / (1024 * 1024),
    // maxRSS is in KiB on Linux: the kernel's high-water mark (VmHWM), so no peak is missed between samples.
    peakRssMb: resources.maxRSS / 1024,
  };
}

/**
 * Publishes a customization of every entity with default settings for `roles` (bodies synced for
 * `attachmentEntities`), as the demo bridge does for the demo roles; nothing when one exists (a cluster's later workers).
 */
async function publishCustomization(bridge: RunningBridge, roles: readonly string[], attachmentEntities: readonly string[] = []): Promise<void> {
  if ((await bridge.state.customizations.list()).length > 0) return;
  const schema = bridge.crm.schema();
  const entities = schema.entities.map((entity) => ({ entity: entity.name, ...(attachmentEntities.includes(entity.name) ? { attachments: true } : {}) }));
  const { customization } = parseCustomization({ entities }, schema);
  await bridge.state.customizations.publish({
    version: customization.version,
    content: { entities: customization.entities, settings: customization.settings, blobStoreFilter: customization.blobStoreFilter ?? null },
    partHashes: customizationPartHashes(customization),
    roles: roles.map((role) => ({ role, priority: 10 })),
    settingsReadOnly: false,
    comment: 'bench: every entity, default settings',
    publishedAt: new Date().toISOString(),
    publishedBy: 'bench',
  });
}

/** Starts the benchmark's bridge in this process (the host itself, or a cluster worker). */
async function startBenchBridge(options: BridgeHostOptions): Promise<RunningBridge> {
  let bridge: RunningBridge | undefined;
  try {
    bridge = await startBridge({
      host: '127.0.0.1',
      port: 0,
      crmFile: options.crmFile,
      databaseUrl: options.databaseUrl,
      // The benchmark CRMs are not the demo org: the customization is published below for their roles.
      publishDemoCustomization: false,
      logLevel: 'silent',
      // Longer than any run, so no device refreshes its session in the middle of a measurement.
      tokenTtlMs: 6 * 3_600_000,
      ...(cluster.isWorker ? { fleetEvents: createClusterFleetEvents() } : {}),
    });
    await publishCustomization(bridge, options.customizationRoles, options.attachmentEntities);
    return bridge;
  } catch (error) {
    await bridge?.close().catch(() => undefined);
    throw error;
  }
}

/** A cluster worker: serves until the primary stops it. */
async function worker(options: BridgeHostOptions): Promise<void> {
  const bridge = await startBenchBridge(options);
  await serveClusterWorker(bridge);
  await bridge.close();
  cluster.worker?.disconnect();
}

/** The primary of a cluster of `options.workers` bridges: edits through its own crm-store, usage summed over every process. */
async function primary(options: BridgeHostOptions): Promise<void> {
  const send = (message: BridgeHostReady | BridgeHostResponse): void => {
    process.send?.(message);
  };
  const silent = { info: () => undefined, warn: () => undefined };
  let started: Awaited<ReturnType<typeof startBridgeCluster>>;
  try {
    started = await startBridgeCluster({ workers: options.workers ?? 1, log: silent });
  } catch (error) {
    send({ ready: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.disconnect?.();
    return;
  }
  const bridges = started;
  const crm = await openCrmStore({ file: options.crmFile });
  const clusterUsage = (): BridgeHostUsage => {
    const own = usage();
    const workers = bridges.pids().flatMap((pid) => procUsage(pid) ?? []);
    return {
      cpuMs: own.cpuMs + workers.reduce((sum, one) => sum + one.cpuMs, 0),
      rssMb: own.rssMb + workers.reduce((sum, one) => sum + one.rssMb, 0),
      peakRssMb: own.peakRssMb + workers.reduce((sum, one) => sum + one.peakRssMb, 0),
    };
  };
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= bridges.stop().finally(() => crm.close()));
  process.on('disconnect', () => void close().finally(() => process.exit(0)));
  process.on('message', (message: BridgeHostRequest) => {
    void (async () => {
      try {
        switch (message.method) {
          case 'edit':
            for (const edit of message.edits) await crm.updateAsSystem(edit.entity, edit.id, edit.fields);
            send({ id: message.id, ok: true, value: message.edits.length });
            return;
          case 'usage':
            send({ id: message.id, ok: true, value: clusterUsage() });
            return;
          case 'close': {
            // The workers' peaks are read while they still run.
            const last = clusterUsage();
            await close();
            send({ id: message.id, ok: true, value: last });
            process.disconnect?.();
            return;
          }
        }
      } catch (error) {
        send({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    })();
  });
  send({ ready: true, url: bridges.url, usage: clusterUsage() });
}

async function main(options: BridgeHostOptions): Promise<void> {
  if (cluster.isWorker) return worker(options);
  if ((options.workers ?? 1) > 1) return primary(options);
  const send = (message: BridgeHostReady | BridgeHostResponse): void => {
    process.send?.(message);
  };
  let running: RunningBridge;
  try {
    running = await startBenchBridge(options);
  } catch (error) {
    send({ ready: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.disconnect?.();
    return;
  }
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= running.close());
  // The parent went away without closing: do not outlive it.
  process.on('disconnect', () => void close().finally(() => process.exit(0)));
  process.on('message', (message: BridgeHostRequest) => {
    void (async () => {
      try {
        switch (message.method) {
          case 'edit':
            for (const edit of message.edits) await running.crm.updateAsSystem(edit.entity, edit.id, edit.fields);
            send({ id: message.id, ok: true, value: message.edits.length });
            return;
          case 'usage':
            send({ id: message.id, ok: true, value: usage() });
            return;
          case 'close':
            await close();
            send({ id: message.id, ok: true, value: usage() });
            process.disconnect?.();
            return;
        }
      } catch (error) {
        send({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    })();
  });
  send({ ready: true, url: running.url, usage: usage() });
}

void main(JSON.parse(process.argv[2] ?? '{}') as BridgeHostOptions);
