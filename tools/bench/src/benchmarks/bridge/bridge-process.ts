import path from 'node:path';
import { startIpcChildProcess } from '../../measure/ipc-child-process';
import type { BridgeHostEdit, BridgeHostOptions, BridgeHostReady, BridgeHostUsage } from './bridge-host-protocol';

/** A bridge running in a child process of the benchmark (`bridge-host.ts`). */
export interface BridgeProcess {
  /** The bridge's base URL on loopback; GraphQL at `<url>/graphql`. */
  readonly url: string;
  readonly pid: number;
  /** The process's usage right after the bridge listened. */
  readonly startUsage: BridgeHostUsage;
  /** Edits records through the bridge's crm-store (`updateAsSystem`), one after the other. */
  edit(edits: readonly BridgeHostEdit[]): Promise<void>;
  /** The process's CPU time and memory so far. */
  usage(): Promise<BridgeHostUsage>;
  /** Closes the bridge, waits for the process to end and answers its usage at the end. */
  close(): Promise<BridgeHostUsage>;
}

/** Starts a bridge over an existing crm-store file in a fresh Node process and waits until it listens. */
export async function startBridgeProcess(options: BridgeHostOptions): Promise<BridgeProcess> {
  const child = await startIpcChildProcess<Extract<BridgeHostReady, { ready: true }>>(path.join(__dirname, 'bridge-host.ts'), options, 'the benchmark bridge');
  return {
    url: child.ready.url,
    pid: child.pid,
    startUsage: child.ready.usage,
    async edit(edits) {
      await child.request<number>({ method: 'edit', edits });
    },
    usage: () => child.request<BridgeHostUsage>({ method: 'usage' }),
    async close() {
      try {
        const usage = await child.request<BridgeHostUsage>({ method: 'close' });
        await child.exited;
        return usage;
      } finally {
        child.kill();
      }
    },
  };
}
