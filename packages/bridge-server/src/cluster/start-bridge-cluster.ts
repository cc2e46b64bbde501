import cluster, { type Worker } from 'node:cluster';
import { FieldsyncError } from '@fieldsync/model';
import { isClusterMessage } from './cluster-message';

/** Where the cluster's primary tells what happens to its workers (pino-compatible). */
export interface ClusterLogger {
  info(object: Record<string, unknown>, message?: string): void;
  warn(object: Record<string, unknown>, message?: string): void;
}

/** Options of {@link startBridgeCluster}. */
export interface BridgeClusterOptions {
  /** Bridge processes to run (at least 1). */
  readonly workers: number;
  readonly log: ClusterLogger;
  /** How long a worker has to close its bridge after a stop before it is killed, ms. @default 10000 */
  readonly stopTimeoutMs?: number;
  /** Wait before forking again a worker that died within a second of its start, ms (a crash loop must not spin). @default 1000 */
  readonly restartDelayMs?: number;
}

/** A running cluster of bridge processes sharing one port and one bridge state. */
export interface BridgeCluster {
  /** Where the workers answer, e.g. `http://127.0.0.1:4000`. */
  readonly url: string;
  readonly graphiql: boolean;
  /** Process ids of the workers alive now. */
  pids(): number[];
  /** Workers forked again after they died. */
  restarts(): number;
  /** Asks every worker to close its bridge and waits for them to exit (killing those past `stopTimeoutMs`). */
  stop(): Promise<void>;
}

/** The first worker exited before it listened: its own error is in its output (a bad option, a refused demo, a state it cannot open). */
export class ClusterStartError extends FieldsyncError {
  constructor(
    readonly exitCode: number | null,
    readonly signal: string | null,
  ) {
    super('CLUSTER_START_FAILED', `the first bridge worker exited (${signal ?? `code ${exitCode}`}) before it listened; its error is above`, {
      exitCode,
      signal,
    });
  }
}

/**
 * Runs the bridge in `workers` processes (Node cluster; call it in the primary, the workers run the
 * same program and serve with `serveClusterWorker`). The first worker starts alone, so that it seeds a
 * new demo CRM, migrates the bridge state and stores the token secret before the others open them;
 * then the rest start. A worker that dies is forked again; `stop` closes them all (decision 159).
 */
export async function startBridgeCluster(options: BridgeClusterOptions): Promise<BridgeCluster> {
  if (!cluster.isPrimary) throw new Error('startBridgeCluster runs in the cluster primary only');
  const workers = Math.max(1, Math.floor(options.workers));
  const restartDelayMs = options.restartDelayMs ?? 1_000;
  const live = new Map<number, Worker>();
  let stopping = false;
  let restarts = 0;
  let first: { url: string; graphiql: boolean } | undefined;

  const fork = (): Promise<{ url: string; graphiql: boolean }> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork();
      const startedAt = Date.now();
      let listening = false;
      live.set(worker.id, worker);
      worker.on('message', (message: unknown) => {
        if (!isClusterMessage(message)) return;
        if (message.fieldsync === 'listening') {
          listening = true;
          options.log.info({ event: 'cluster.worker.listening', pid: worker.process.pid, url: message.url }, 'bridge worker listening');
          resolve({ url: message.url, graphiql: message.graphiql });
        } else if (message.fieldsync === 'fleet-event') {
          for (const other of live.values()) if (other !== worker && other.isConnected()) other.send(message);
        }
      });
      worker.once('exit', (code, signal) => {
        live.delete(worker.id);
        if (!listening) reject(new ClusterStartError(code, signal));
        // A worker that closed its bridge and exited 0 was asked to stop (a signal to it alone, or Ctrl+C to the group): only a crash is restarted.
        if (stopping || first === undefined || (code === 0 && signal === null)) return;
        restarts += 1;
        options.log.warn({ event: 'cluster.worker.exited', pid: worker.process.pid, code, signal }, 'bridge worker exited; starting another');
        const again = () => {
          if (!stopping) fork().catch(() => undefined);
        };
        if (Date.now() - startedAt < 1_000) setTimeout(again, restartDelayMs).unref();
        else again();
      });
    });

  const stop = async (): Promise<void> => {
    stopping = true;
    const exits = [...live.values()].map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          const timer = setTimeout(() => worker.process.kill('SIGKILL'), options.stopTimeoutMs ?? 10_000);
          worker.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          if (worker.isConnected()) worker.send({ fieldsync: 'stop' });
          else worker.process.kill('SIGTERM');
        }),
    );
    await Promise.all(exits);
  };

  try {
    first = await fork();
    await Promise.all(Array.from({ length: workers - 1 }, () => fork()));
  } catch (error) {
    await stop();
    throw error;
  }
  const started = first;
  options.log.info({ event: 'cluster.started', workers, url: started.url }, 'bridge cluster started');
  return {
    url: started.url,
    graphiql: started.graphiql,
    pids: () => [...live.values()].flatMap((worker) => (worker.process.pid === undefined ? [] : [worker.process.pid])),
    restarts: () => restarts,
    stop,
  };
}
