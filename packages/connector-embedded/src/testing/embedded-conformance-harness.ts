import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CrmConnector } from '@fieldsync/connector-api';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test support entry, kept out of the main barrel (docs/decisions/040)
import { conformanceSchema, type ConformanceControl, type ConformanceHarness, type ConformanceUser } from '@fieldsync/connector-testkit';
import { openCrmStore, type CrmStore, type StoreWriteOperation } from '@fieldsync/crm-store';
import { ManualClock } from '@fieldsync/model';
import { createEmbeddedConnector } from '../connector/create-embedded-connector';
import { FaultInjectingTransport } from './fault-injecting-transport';
import { CONFORMANCE_PASSWORD, provisionConformanceOrg } from './provision-conformance-org';

/** Lifetime of an access token in the conformance store; `expire-session` moves the clock past it. */
const TOKEN_TTL_MS = 3_600_000;

/**
 * Builds a fresh conformance backend for the embedded connector: a crm-store in a temporary SQLite
 * file with `conformanceSchema`, the conformance users and roles, a `ManualClock`, and a
 * {@link FaultInjectingTransport} between every connector and the store.
 * @example describeConnectorConformance('embedded', createEmbeddedConformanceHarness);
 */
export async function createEmbeddedConformanceHarness(): Promise<ConformanceHarness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldsync-embedded-conformance-'));
  const clock = new ManualClock(Date.parse('2026-01-05T09:00:00Z'));
  let store: CrmStore;
  try {
    store = await openCrmStore({ file: path.join(dir, 'crm.sqlite'), clock, tokenTtlMs: TOKEN_TTL_MS });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  await store.applySchema(conformanceSchema);
  const { userIds } = await provisionConformanceOrg(store, conformanceSchema);
  const transport = new FaultInjectingTransport();
  const connectors: CrmConnector[] = [];

  const connector = (user: ConformanceUser, password: string): CrmConnector => {
    const made = createEmbeddedConnector({ store, userName: user, password, transport });
    connectors.push(made);
    return made;
  };

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
          // The store's own expiry: every access token given out so far is now past its lifetime.
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

  return {
    control,
    async connect(user) {
      const made = connector(user, CONFORMANCE_PASSWORD);
      await made.signIn();
      return made;
    },
    connectWithInvalidCredentials: async (user) => connector(user, `${CONFORMANCE_PASSWORD}-wrong`),
    async teardown() {
      await Promise.all(connectors.map((made) => made.close()));
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
