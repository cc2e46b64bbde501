import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CrmConnector } from '@fieldsync/connector-api';
import { ConformanceClock, conformanceSchema, type ConformanceHarness, type ConformanceUser } from '@fieldsync/connector-testkit';
import { openCrmStore, type CrmStore } from '@fieldsync/crm-store';
import { createEmbeddedConnector } from '@fieldsync/connector-embedded';
import { createConformanceControl } from './conformance-control';
import { FaultInjectingTransport } from '@fieldsync/connector-embedded/testing';
import { CONFORMANCE_PASSWORD, provisionConformanceOrg } from './provision-conformance-org';

/** Lifetime of an access token in the conformance store; `expire-session` moves the clock past it. */
const TOKEN_TTL_MS = 3_600_000;

/**
 * Builds a fresh conformance backend for the embedded connector: a crm-store in a temporary SQLite
 * file with `conformanceSchema`, the conformance users and roles, a `ConformanceClock` (the store's, which
 * the connectors also wait on), and a
 * {@link FaultInjectingTransport} between every connector and the store.
 * @example describeConnectorConformance('embedded', createEmbeddedConformanceHarness);
 */
export async function createEmbeddedConformanceHarness(): Promise<ConformanceHarness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldsync-embedded-conformance-'));
  const clock = new ConformanceClock(Date.parse('2026-01-05T09:00:00Z'));
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

  const control = createConformanceControl({ store, userIds, clock, transport, tokenTtlMs: TOKEN_TTL_MS });

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
