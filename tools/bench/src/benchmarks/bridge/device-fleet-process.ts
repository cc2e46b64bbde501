import path from 'node:path';
import { startIpcChildProcess } from '../../measure/ipc-child-process';
import type { DeviceFleetOptions, DeviceFleetReady, FleetRound } from './device-fleet-protocol';

/** A fleet of simulated devices in a child process of the benchmark (`device-fleet-host.ts`). */
export interface DeviceFleetProcess {
  readonly pid: number;
  /** How many devices the fleet holds. */
  readonly size: number;
  /** Syncs the devices named (indices into this fleet; all when absent) at once; `expectDownloaded` records each, when given. */
  sync(devices?: readonly number[], expectDownloaded?: number): Promise<FleetRound>;
  /** Each device's count of records of the fleet's entity. */
  records(): Promise<number[]>;
  /** Closes every device and waits for the process to end. */
  close(): Promise<void>;
}

/** Starts a fleet process: opens every device database and registers every device with the bridge before it answers. */
export async function startDeviceFleet(options: DeviceFleetOptions, label: string): Promise<DeviceFleetProcess> {
  const child = await startIpcChildProcess<Extract<DeviceFleetReady, { ready: true }>>(path.join(__dirname, 'device-fleet-host.ts'), options, label);
  return {
    pid: child.pid,
    size: child.ready.devices,
    sync: (devices, expectDownloaded) =>
      child.request<FleetRound>({ method: 'sync', ...(devices ? { devices } : {}), ...(expectDownloaded !== undefined ? { expectDownloaded } : {}) }),
    records: () => child.request<number[]>({ method: 'records' }),
    async close() {
      try {
        await child.request<void>({ method: 'close' });
        await child.exited;
      } finally {
        child.kill();
      }
    },
  };
}
