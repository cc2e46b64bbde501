import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startBridge, type BridgeAttachmentOptions, type BridgeDocumentsOptions, type RunningBridge } from '@fieldsync/bridge-server';
import { FaultInjectingTransport } from '@fieldsync/connector-embedded/testing';
import { createConformanceControl } from '../connector-embedded/conformance-control';
import { CONFORMANCE_PASSWORD, provisionConformanceOrg } from '../connector-embedded/provision-conformance-org';
import { ConformanceClock, conformanceSchema, type ConformanceControl, type ConformanceUser } from '@fieldsync/connector-testkit';
import { openCrmStore, type CrmStore } from '@fieldsync/crm-store';
import type { Schema } from '@fieldsync/model';

/** Lifetime of the CRM's and the bridge's access tokens; `expire-session` moves the clock past it. */
export const CONFORMANCE_TOKEN_TTL_MS = 3_600_000;

/** The CRM role that may use the conformance bridge's admin API; the `admin` user holds it. */
export const CONFORMANCE_ADMIN_ROLE = 'conformance administrator';

/** How to start a conformance bridge. */
export interface ConformanceBridgeOptions {
  /** Serve HTTPS with this PEM certificate and key. @default HTTP */
  readonly tls?: { readonly cert: string; readonly key: string };
  /** The bridge's attachment settings (upload directory, size limit, session lifetime). @default the bridge's */
  readonly attachments?: BridgeAttachmentOptions;
  /** The bridge's Graph backend for record documents. */
  readonly documents?: BridgeDocumentsOptions;
  /** The CRM's schema. @default conformanceSchema */
  readonly schema?: Schema;
}

/** A running bridge over a provisioned conformance CRM, and the control surface that acts behind it. */
export interface ConformanceBridge {
  /** The bridge's base URL on loopback. */
  readonly url: string;
  readonly userIds: Readonly<Record<ConformanceUser, string>>;
  /** Every conformance user's password. */
  readonly password: string;
  /** The clock of the CRM and the bridge (and the connectors' waits); `control.advanceClock` and `expire-session` move it. */
  readonly clock: ConformanceClock;
  /** Acts on the CRM and the fault-injecting transport directly, never through the bridge's API. */
  readonly control: ConformanceControl;
  /** The CRM behind the bridge, for what the control does not do (an entity image's write). */
  readonly crm: CrmStore;
  /** Stops the bridge, closes the CRM and removes its files. */
  close(): Promise<void>;
}

/**
 * Starts a real bridge on loopback over a fresh conformance CRM, provisioned as the embedded harness
 * provisions its store: a crm-store in a temporary SQLite file with `conformanceSchema`, the conformance
 * users and roles, a `ConformanceClock` shared by the CRM and the bridge, and a `FaultInjectingTransport` that
 * every CRM call of the bridge goes through (data, sign-in, session refresh checks). The bridge's state
 * is in memory; `admin` may use its admin API.
 */
export async function startConformanceBridge(options: ConformanceBridgeOptions = {}): Promise<ConformanceBridge> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bridge-conformance-'));
  const clock = new ConformanceClock(Date.parse('2026-01-05T09:00:00Z'));
  let store: CrmStore | undefined;
  let bridge: RunningBridge | undefined;
  try {
    store = await openCrmStore({ file: path.join(dir, 'crm.sqlite'), clock, tokenTtlMs: CONFORMANCE_TOKEN_TTL_MS });
    const schema = options.schema ?? conformanceSchema;
    await store.applySchema(schema);
    const { userIds } = await provisionConformanceOrg(store, schema);
    const transport = new FaultInjectingTransport();
    bridge = await startBridge({
      host: '127.0.0.1',
      port: 0,
      crmStore: store,
      databaseUrl: ':memory:',
      clock,
      crmTransport: transport,
      logLevel: 'silent',
      tokenTtlMs: CONFORMANCE_TOKEN_TTL_MS,
      adminRole: CONFORMANCE_ADMIN_ROLE,
      ...(options.tls ? { tls: options.tls } : {}),
      ...(options.attachments ? { attachments: options.attachments } : {}),
      ...(options.documents ? { documents: options.documents } : {}),
    });
    const crm = store;
    const running = bridge;

    const control = createConformanceControl({ store: crm, userIds, clock, transport, tokenTtlMs: CONFORMANCE_TOKEN_TTL_MS });
    return {
      url: running.url,
      userIds,
      password: CONFORMANCE_PASSWORD,
      clock,
      control,
      crm,
      async close() {
        await running.close();
        await crm.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await bridge?.close();
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
