import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

/** Debian's Redis server (`apt-get install redis-server`), or `REDIS_SERVER` when set. */
export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

/** Whether a Redis server can be started here. */
export function redisServerAvailable(): boolean {
  return existsSync(REDIS_SERVER);
}

/** A Redis server for tests, from {@link startTestRedis}. */
export interface TestRedis {
  /** What `REDIS_URL` names it by: its Unix socket's path. */
  readonly url: string;
  /**
   * Answers once at least `count` connections subscribe to `channel` (a SUBSCRIBE is asynchronous: a
   * bridge's subscription reaches Redis some time after its client subscribed); asks Redis up to 5,000 times.
   */
  waitForSubscribers(channel: string, count: number): Promise<void>;
  /** Stops the server and deletes its folder. */
  stop(): Promise<void>;
}

/**
 * Starts a Redis server on a Unix socket in a new temporary folder (no TCP port, nothing saved), and
 * answers once it says it accepts connections; a server that exits first is an error with its output.
 */
export async function startTestRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-redis-'));
  const socket = path.join(dir, 'redis.sock');
  const server = spawn(REDIS_SERVER, ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const listen = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (/ready to accept connections/i.test(output)) resolve();
    };
    server.stdout.on('data', listen);
    server.stderr.on('data', listen);
    server.once('error', reject);
    void exited.then((code) => reject(new Error(`redis-server exited (${code}) before accepting connections:\n${output}`)));
  }).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  let watcher: Redis | undefined;
  return {
    url: socket,
    async waitForSubscribers(channel, count) {
      watcher ??= new Redis(socket);
      for (let round = 0; ; round += 1) {
        const [, subscribers] = (await watcher.call('PUBSUB', 'NUMSUB', channel)) as [string, number];
        if (subscribers >= count) return;
        if (round > 5_000) throw new Error(`only ${subscribers} of ${count} subscriptions to Redis channel ${channel} reached ${socket}`);
      }
    },
    async stop() {
      await watcher?.quit();
      if (server.exitCode === null) {
        server.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
