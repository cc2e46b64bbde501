import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EmbeddedTransport } from '@fieldsync/connector-embedded';
import { openCrmStore, type CrmStore } from '@fieldsync/crm-store';
import { generateDemoOrg, seedDemoOrg } from '@fieldsync/demo-org';
import { ManualClock } from '@fieldsync/model';
import { startBridge, type BridgeOptions, type RunningBridge } from '../start-bridge';

/** A GraphQL answer as the test sees it. */
export interface GraphQLAnswer {
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked field by field in tests
  readonly data: any;
  readonly errors?: readonly {
    message: string;
    path?: readonly string[];
    extensions?: { code?: string; details?: Record<string, unknown>; [key: string]: unknown };
  }[];
}

/** A bridge over a seeded demo CRM for tests, with a GraphQL helper and a manual clock. */
export interface BridgeTestBed {
  readonly bridge: RunningBridge;
  readonly crm: CrmStore;
  readonly clock: ManualClock;
  /** Posts one GraphQL operation, with a bearer token when given. */
  gql(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLAnswer>;
  /** Signs in (with a device id for a device session) and answers the access and refresh tokens. */
  signIn(userName: string, deviceId?: string): Promise<{ accessToken: string; refreshToken: string; userId: string }>;
  /** Signs in with a device id and registers the device. */
  device(userName: string, deviceId: string): Promise<string>;
  /** An admin session (no device). */
  admin(): Promise<string>;
  close(): Promise<void>;
}

/** Demo org records seeded once per test bed. */
const RECORDS = 300;

/**
 * Starts a bridge for tests on `databaseUrl`, over a fresh demo CRM of `records` records (default 300)
 * in a temp dir; its clock starts at `startAt` (default 2026-11-23T09:00Z).
 */
export async function createBridgeTestBed(
  databaseUrl: string,
  options: Partial<BridgeOptions> & { crmTransport?: EmbeddedTransport; startAt?: number; records?: number } = {},
): Promise<BridgeTestBed> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bridge-test-'));
  const { startAt, records, ...bridgeOptions } = options;
  const clock = new ManualClock(startAt ?? Date.parse('2026-11-23T09:00:00Z'));
  const crm = await openCrmStore({ file: path.join(dir, 'crm.db'), clock });
  await seedDemoOrg(crm, generateDemoOrg({ records: records ?? RECORDS }));
  const bridge = await startBridge({ crmStore: crm, databaseUrl, port: 0, logLevel: 'silent', clock, publishDemoCustomization: true, ...bridgeOptions });
  const gql: BridgeTestBed['gql'] = async (query, variables = {}, token) => {
    const response = await fetch(`${bridge.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLAnswer, 'status'>;
    return { status: response.status, ...body };
  };
  const signIn: BridgeTestBed['signIn'] = async (userName, deviceId) => {
    const answer = await gql(
      `mutation($input: SignInInput!) { signIn(input: $input) { session { accessToken refreshToken userId } userErrors { field code message } } }`,
      {
        input: { userName, password: 'demo', ...(deviceId ? { deviceId } : {}) },
      },
    );
    const session = answer.data?.signIn?.session;
    if (!session) throw new Error(`sign-in of ${userName} failed: ${JSON.stringify(answer)}`);
    return session;
  };
  return {
    bridge,
    crm,
    clock,
    gql,
    signIn,
    async device(userName, deviceId) {
      const { accessToken } = await signIn(userName, deviceId);
      const answer = await gql(
        `mutation { registerDevice(input: { name: "${deviceId} phone", os: "Android 15", appVersion: "1.4.0" }) { device { deviceId } userErrors { code } } }`,
        {},
        accessToken,
      );
      if (answer.data?.registerDevice?.device?.deviceId !== deviceId) throw new Error(`registering ${deviceId} failed: ${JSON.stringify(answer)}`);
      return accessToken;
    },
    async admin() {
      return (await signIn('admin')).accessToken;
    },
    async close() {
      await bridge.close();
      await crm.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
