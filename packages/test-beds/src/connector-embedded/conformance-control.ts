import { randomUUID } from 'node:crypto';
import type { ConformanceClock, ConformanceControl, ConformanceUser } from '@fieldsync/connector-testkit';
import type { CrmStore, StoreWriteOperation } from '@fieldsync/crm-store';
import type { FaultInjectingTransport } from '@fieldsync/connector-embedded/testing';

/** What {@link createConformanceControl} drives: the store behind the connector, its clock and transport. */
export interface ConformanceControlParts {
  readonly store: CrmStore;
  readonly userIds: ConformanceControl['userIds'];
  /** The backend's clock, also the connectors': its recorded waits are the counters' `waits`. */
  readonly clock: ConformanceClock;
  readonly transport: FaultInjectingTransport;
  /** Access token lifetime of the sessions under test; `expire-session` moves the clock past it. */
  readonly tokenTtlMs: number;
}

/**
 * The conformance suite's control over an embedded CRM (seeding, edits as a user or as admin, sharing,
 * the clock, injected faults, counters), shared by every harness whose connector reaches crm-store:
 * the embedded connector directly, the bridge connector through a bridge.
 */
export function createConformanceControl(parts: ConformanceControlParts): ConformanceControl {
  const { store, userIds, clock, transport } = parts;
  const writeAs = async (user: ConformanceUser, operation: StoreWriteOperation): Promise<void> => {
    const [result] = await store.write(await store.principalOf(userIds[user]), [operation]);
    if (result.status !== 'ok') throw new Error(`conformance control: ${operation.kind} of ${operation.entity} as ${user} answered ${JSON.stringify(result)}`);
  };
  return {
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
          // Every access token given out so far is now past its lifetime.
          clock.advance(parts.tokenTtlMs + 1_000);
          transport.refuseRefreshes(fault.refusals ?? 0);
          return;
        case 'expire-anchors':
          await store.purgeHistory({ olderThanMs: 0 });
          return;
      }
    },
    async counters() {
      return { recordsSent: store.metrics().recordsSent, ...transport.counters(), waits: clock.waits() };
    },
    async resetCounters() {
      store.resetMetrics();
      transport.resetCounters();
      clock.resetWaits();
    },
  };
}
