import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { ConformanceControl, ConformanceUser } from '@fieldsync/connector-testkit';
import type { HostMethod, HostOptions, HostReady, HostRequest, HostResponse } from './conformance-bridge-protocol';

/** A running conformance bridge in a child process, and the control surface that acts behind it. */
export interface ConformanceBridgeProcess {
  /** The bridge's base URL on loopback. */
  readonly url: string;
  readonly userIds: Readonly<Record<ConformanceUser, string>>;
  /** Every conformance user's password. */
  readonly password: string;
  /** The CRM role that may use the bridge's admin API (the `admin` user holds it). */
  readonly adminRole: string;
  /** The bridge's clock when it started (ms since epoch); `control.advanceClock` moves it. */
  readonly startedAt: number;
  /** Acts on the CRM and the fault-injecting transport directly, never through the bridge's API. */
  readonly control: ConformanceControl;
  /** Stops the bridge, closes the CRM, removes its files and waits for the process to end. */
  close(): Promise<void>;
}

const HOST = path.join(__dirname, 'conformance-bridge-host.ts');

/**
 * Starts a real bridge over a fresh conformance CRM in a child process (`conformance-bridge-host.ts`
 * under tsx): a crm-store in a temporary SQLite file with `conformanceSchema`, the conformance users and
 * roles, a `ManualClock` shared by the CRM and the bridge, and a `FaultInjectingTransport` that every CRM
 * call of the bridge goes through (data, sign-in, session refresh checks). The bridge's state is in memory;
 * with `tls` it serves HTTPS.
 */
export async function startConformanceBridgeProcess(options: HostOptions = {}): Promise<ConformanceBridgeProcess> {
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), HOST, JSON.stringify(options)], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8_000);
  });
  const ready = await new Promise<HostReady>((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`the conformance bridge exited (${code}) before listening:\n${stderr}`));
    child.once('exit', onExit);
    child.once('message', (message: HostReady | { ready: false; error: string }) => {
      child.off('exit', onExit);
      if (message.ready) resolve(message);
      else reject(new Error(`the conformance bridge did not start:\n${message.error}`));
    });
  });
  const rpc = createRpc(child, () => stderr);
  const call =
    (method: HostMethod) =>
    (...args: unknown[]): Promise<never> =>
      rpc({ method, args }) as Promise<never>;
  const control: ConformanceControl = {
    userIds: ready.userIds,
    seed: call('seed'),
    update: call('update'),
    remove: call('remove'),
    get: call('get'),
    countAll: call('countAll'),
    share: call('share'),
    unshare: call('unshare'),
    reassign: call('reassign'),
    advanceClock: call('advanceClock'),
    injectFault: call('injectFault'),
    counters: call('counters'),
    resetCounters: call('resetCounters'),
  };
  return {
    url: ready.url,
    userIds: ready.userIds,
    password: ready.password,
    adminRole: ready.adminRole,
    startedAt: ready.now,
    control,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        await rpc({ method: 'close', args: [] });
      } catch {
        // Already gone; the exit below is all that is left to wait for.
      }
      await exited;
    },
  };
}

/** Sends requests to the host and matches its answers by id; a host that dies rejects whatever is pending. */
function createRpc(child: ChildProcess, stderr: () => string): (request: Omit<HostRequest, 'id'>) => Promise<unknown> {
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  child.on('message', (message: HostResponse) => {
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if (message.ok) waiting.resolve(message.value);
    else waiting.reject(Object.assign(new Error(`conformance bridge: ${message.error.message}`), { code: message.error.code }));
  });
  child.on('exit', (code) => {
    for (const waiting of pending.values()) waiting.reject(new Error(`the conformance bridge exited (${code}):\n${stderr()}`));
    pending.clear();
  });
  return (request) =>
    new Promise((resolve, reject) => {
      if (!child.connected) {
        reject(new Error(`the conformance bridge is not running:\n${stderr()}`));
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ ...request, id } as HostRequest);
    });
}
