/**
 * A child process of `bridge-many-devices`: a fleet of simulated devices, each with its own device
 * database, bridge connector and sync engine, driven over IPC (sync some or all of them at once,
 * count their records, close). Started by `startDeviceFleet` under tsx; options as JSON in argv[2].
 */
import { performance } from 'node:perf_hooks';
import { createBridgeConnector, type BridgeConnector } from '@fieldsync/connector-bridge';
import { openSyncEngine, type LocalDb, type SyncEngine } from '@fieldsync/sync-core';
import { openDeviceDatabase } from '@fieldsync/sync-core/node';
import type { DeviceFleetOptions, DeviceFleetReady, DeviceFleetRequest, DeviceFleetResponse, FleetRound, SyncSample } from './device-fleet-protocol';

interface Device {
  readonly connector: BridgeConnector;
  readonly db: LocalDb;
  readonly engine: SyncEngine;
}

const describeError = (error: unknown): string =>
  error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error);

async function openDevices(options: DeviceFleetOptions): Promise<Device[]> {
  return Promise.all(
    options.devices.map(async (device) => {
      const connector = createBridgeConnector({ url: options.url, userName: device.userName, password: options.password, deviceId: device.deviceId });
      const db = await openDeviceDatabase(device.deviceFile);
      // What an app does at login, before its first sync.
      if (options.channel) await connector.registerDevice({ deviceId: device.deviceId, name: `bench ${device.deviceId}`, os: 'bench', appVersion: '1.0.0' });
      const engine = await openSyncEngine({ db, connector, ...(options.channel ? { channel: connector } : {}) });
      return { connector, db, engine };
    }),
  );
}

/** Runs one `engine.sync()` of each device named, all at once, and answers how each ended and how long it took. */
async function syncRound(devices: readonly Device[], indices: readonly number[], expectDownloaded: number | undefined): Promise<FleetRound> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const samples = await Promise.all(
    indices.map(async (index): Promise<SyncSample> => {
      const syncStarted = performance.now();
      try {
        const result = await devices[index].engine.sync();
        const ms = performance.now() - syncStarted;
        const steps: Record<string, number> = {};
        for (const step of result.steps) steps[step.step] = (steps[step.step] ?? 0) + step.ms;
        if (result.result === 'failed')
          return { device: index, ms, outcome: 'failed', downloaded: result.downloaded, message: `${result.error?.code}: ${result.error?.message}` };
        if (expectDownloaded !== undefined && result.downloaded !== expectDownloaded) {
          return {
            device: index,
            ms,
            outcome: 'wrong-download',
            downloaded: result.downloaded,
            message: `downloaded ${result.downloaded}, expected ${expectDownloaded}`,
          };
        }
        return {
          device: index,
          ms,
          outcome: result.result,
          downloaded: result.downloaded,
          steps,
          ...(result.result === 'warnings' ? { message: result.warnings.map((w) => w.code).join(', ') } : {}),
        };
      } catch (error) {
        return { device: index, ms: performance.now() - syncStarted, outcome: 'thrown', downloaded: 0, message: describeError(error) };
      }
    }),
  );
  const wallMs = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  return { samples, wallMs, cpuMs: (user + system) / 1000 };
}

async function main(options: DeviceFleetOptions): Promise<void> {
  const send = (message: DeviceFleetReady | DeviceFleetResponse): void => {
    process.send?.(message);
  };
  let devices: Device[];
  try {
    devices = await openDevices(options);
  } catch (error) {
    send({ ready: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.disconnect?.();
    return;
  }
  const all = devices.map((_, index) => index);
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= Promise.all(
      devices.map(async (device) => {
        await device.connector.close();
        await device.db.destroy();
      }),
    ).then(() => undefined));
  process.on('disconnect', () => void close().finally(() => process.exit(0)));
  process.on('message', (message: DeviceFleetRequest) => {
    void (async () => {
      try {
        switch (message.method) {
          case 'sync':
            send({ id: message.id, ok: true, value: await syncRound(devices, message.devices ?? all, message.expectDownloaded) });
            return;
          case 'records': {
            const counts = await Promise.all(
              devices.map(async (device) => (await device.engine.status()).entities.find((entity) => entity.entity === options.entity)?.records ?? 0),
            );
            send({ id: message.id, ok: true, value: counts });
            return;
          }
          case 'close':
            await close();
            send({ id: message.id, ok: true, value: undefined });
            process.disconnect?.();
            return;
        }
      } catch (error) {
        send({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    })();
  });
  send({ ready: true, devices: devices.length });
}

void main(JSON.parse(process.argv[2] ?? '{}') as DeviceFleetOptions);
