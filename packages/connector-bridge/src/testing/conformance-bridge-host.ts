/**
 * The child process behind {@link startConformanceBridgeProcess}: a real bridge on loopback over a
 * provisioned conformance CRM, driven over IPC. Run with tsx's CommonJS loader:
 * `node --require tsx/cjs conformance-bridge-host.ts`.
 *
 * The bridge runs in a process of its own because jest cannot load it in its module sandbox (the
 * device API's `jose` is an ES module), and because a device meets its bridge across a process boundary anyway.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startBridge, type RunningBridge } from '@fieldsync/bridge';
import { CONFORMANCE_PASSWORD, FaultInjectingTransport, provisionConformanceOrg } from '@fieldsync/connector-embedded/testing';
import { conformanceSchema, type ConformanceControl, type ConformanceUser } from '@fieldsync/connector-testkit';
import { openCrmStore, type CrmStore, type StoreWriteOperation } from '@fieldsync/crm-store';
import { ManualClock } from '@fieldsync/model';
import type { HostOptions, HostReady, HostRequest, HostResponse } from './conformance-bridge-protocol';

/** Lifetime of the CRM's and the bridge's access tokens; `expire-session` moves the clock past it. */
const TOKEN_TTL_MS = 3_600_000;

/** The role that may use the admin API in the conformance org (admin holds it). */
const ADMIN_ROLE = 'conformance administrator';

interface World {
  readonly control: ConformanceControl;
  close(): Promise<void>;
}

async function startWorld(dir: string, options: HostOptions): Promise<{ world: World; ready: HostReady }> {
  const clock = new ManualClock(Date.parse('2026-01-05T09:00:00Z'));
  const store: CrmStore = await openCrmStore({ file: path.join(dir, 'crm.sqlite'), clock, tokenTtlMs: TOKEN_TTL_MS });
  let bridge: RunningBridge | undefined;
  try {
    await store.applySchema(conformanceSchema);
    const { userIds } = await provisionConformanceOrg(store, conformanceSchema);
    const transport = new FaultInjectingTransport();
    bridge = await startBridge({
      host: '127.0.0.1',
      port: 0,
      crmStore: store,
      databaseUrl: ':memory:',
      clock,
      crmTransport: transport,
      logLevel: 'silent',
      tokenTtlMs: TOKEN_TTL_MS,
      adminRole: ADMIN_ROLE,
      ...(options.tls ? { tls: options.tls } : {}),
    });
    const running = bridge;

    const writeAs = async (user: ConformanceUser, operation: StoreWriteOperation): Promise<void> => {
      const [result] = await store.write(await store.principalOf(userIds[user]), [operation]);
      if (result.status !== 'ok') throw new Error(`conformance control: ${operation.kind} of ${operation.entity} as ${user} answered ${JSON.stringify(result)}`);
    };

    const control: ConformanceControl = {
      userIds,
      seed: (entity, records, owner = 'alice') => store.insertMany(entity, records, { ownerId: userIds[owner] }),
      async update(entity, id, fields, as = 'admin') {
        if (as === 'admin') await store.updateAsSystem(entity, id, fields);
        else await writeAs(as, { kind: 'update', entity, id, fields, idempotencyKey: randomUUID() });
      },
      async remove(entity, id, as = 'admin') {
        if (as === 'admin') await store.deleteAsSystem(entity, id);
        else await writeAs(as, { kind: 'delete', entity, id, idempotencyKey: randomUUID() });
      },
      get: async (entity, id) => (await store.getAsSystem(entity, id))?.fields,
      countAll: async (entity) => (await store.count(await store.principalOf(userIds.admin), { entity })).matching,
      share: (entity, id, withUser) => store.share(entity, id, userIds[withUser]),
      unshare: (entity, id, fromUser) => store.unshare(entity, id, userIds[fromUser]),
      reassign: (entity, id, toUser) => store.assign(entity, id, userIds[toUser]),
      async advanceClock(ms) {
        clock.advance(ms);
      },
      async injectFault(fault) {
        switch (fault.kind) {
          case 'rate-limit':
            transport.rateLimit(fault.retryAfterMs, fault.times ?? 1);
            return;
          case 'server-error':
            transport.failNext(fault.times ?? 1);
            return;
          case 'lose-response':
            transport.loseNextWriteResponse();
            return;
          case 'expire-session':
            // Every access token the bridge (and the CRM) gave out so far is now past its lifetime.
            clock.advance(TOKEN_TTL_MS + 1_000);
            transport.refuseRefreshes(fault.refusals ?? 0);
            return;
          case 'expire-anchors':
            await store.purgeHistory({ olderThanMs: 0 });
            return;
        }
      },
      async counters() {
        return { recordsSent: store.metrics().recordsSent, ...transport.counters() };
      },
      async resetCounters() {
        store.resetMetrics();
        transport.resetCounters();
      },
    };
    const world: World = {
      control,
      async close() {
        await running.close();
        await store.close();
      },
    };
    return { world, ready: { ready: true, url: running.url, userIds, password: CONFORMANCE_PASSWORD, adminRole: ADMIN_ROLE, now: clock.now() } };
  } catch (error) {
    await bridge?.close();
    await store.close();
    throw error;
  }
}

async function main(): Promise<void> {
  const send = (message: HostReady | HostResponse | { readonly ready: false; readonly error: string }): void => {
    process.send?.(message);
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bridge-conformance-'));
  const removeDir = (): void => fs.rmSync(dir, { recursive: true, force: true });
  let world: World;
  try {
    const started = await startWorld(dir, JSON.parse(process.argv[2] ?? '{}') as HostOptions);
    world = started.world;
    send(started.ready);
  } catch (error) {
    removeDir();
    send({ ready: false, error: (error as Error).stack ?? String(error) });
    process.disconnect?.();
    return;
  }
  let closing = false;
  const close = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await world.close();
    removeDir();
  };
  // The parent went away without closing: do not outlive it.
  process.on('disconnect', () => void close().finally(() => process.exit(0)));
  process.on('message', (message: HostRequest) => {
    void (async () => {
      try {
        if (message.method === 'close') {
          await close();
          send({ id: message.id, ok: true, value: undefined });
          process.disconnect?.();
          return;
        }
        const method = world.control[message.method] as (...args: unknown[]) => Promise<unknown>;
        send({ id: message.id, ok: true, value: await method.apply(world.control, [...message.args]) });
      } catch (error) {
        send({ id: message.id, ok: false, error: { message: (error as Error).message, code: (error as { code?: unknown }).code } });
      }
    })();
  });
}

if (require.main === module) void main();
