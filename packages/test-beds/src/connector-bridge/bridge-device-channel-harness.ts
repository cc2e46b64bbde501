import type { DeviceCommand, DeviceCommandKind, SyncTrackingReport } from '@fieldsync/connector-api';
import { FieldsyncError } from '@fieldsync/model';
import { createBridgeConnector, GraphqlClient, type BridgeConnector, type GraphqlRequest } from '@fieldsync/connector-bridge';
import { CONFORMANCE_TOKEN_TTL_MS, startConformanceBridge } from './start-conformance-bridge';

/** The conformance user whose devices the suite drives, and the CRM role publications are assigned to (alice's). */
const DEVICE_USER = 'alice';
const DEVICE_USER_ROLE = 'conformance salesperson';

const COMMAND = 'command { id kind }';
const USER_ERRORS = 'userErrors { field message code }';

/**
 * The device-channel conformance harness over the real thing: a bridge on loopback
 * ({@link startConformanceBridge}), each device a `BridgeConnector` of alice signed in with a device id
 * of its own, and the admin's side driven through the bridge's GraphQL admin API as `admin` (a
 * session without a device). A mutation's `userErrors` become a `FieldsyncError` with the first one's
 * code. Structurally a `DeviceChannelHarness` of `@fieldsync/connector-testkit` (the spec passes it to
 * `describeDeviceChannelConformance`), so this file does not import the testkit.
 * @example describeDeviceChannelConformance('bridge', createBridgeDeviceChannelHarness);
 */
export async function createBridgeDeviceChannelHarness() {
  const bridge = await startConformanceBridge();
  const connectors: BridgeConnector[] = [];
  const client = new GraphqlClient({ url: bridge.url });
  try {
    const adminSession = createBridgeConnector({ url: bridge.url, userName: 'admin', password: bridge.password, clock: bridge.clock });
    connectors.push(adminSession);
    let token = (await adminSession.signIn()).accessToken;
    const call = (operationName: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> =>
      client.request({ operationName, query, variables } satisfies GraphqlRequest, token);
    const issue = async (mutation: string, query: string, variables: Record<string, unknown>) => {
      const payload = payloadOf((await call(mutation, query, variables))[mutation]);
      const command = payload.command as { id: string; kind: DeviceCommandKind };
      return { id: command.id, kind: command.kind };
    };

    return {
      async openDevice() {
        const deviceId = `conformance-channel-${connectors.length}`;
        const channel = createBridgeConnector({ url: bridge.url, userName: DEVICE_USER, password: bridge.password, deviceId, clock: bridge.clock });
        connectors.push(channel);
        await channel.signIn();
        return { deviceId, channel };
      },
      admin: {
        lock: (deviceId: string) =>
          issue('lockDevice', `mutation lockDevice($deviceId: String!) { lockDevice(deviceId: $deviceId) { ${COMMAND} ${USER_ERRORS} } }`, { deviceId }),
        unlock: (deviceId: string) =>
          issue('unlockDevice', `mutation unlockDevice($deviceId: String!) { unlockDevice(deviceId: $deviceId) { ${COMMAND} ${USER_ERRORS} } }`, { deviceId }),
        wipe: (deviceId: string) =>
          issue('wipeDevice', `mutation wipeDevice($deviceId: String!) { wipeDevice(deviceId: $deviceId) { ${COMMAND} ${USER_ERRORS} } }`, { deviceId }),
        forceFullSync: (deviceId: string, order: { readonly entities?: readonly string[]; readonly discardLocalChanges: boolean }) =>
          issue(
            'forceFullSync',
            `mutation forceFullSync($deviceId: String!, $entities: [String!], $discard: Boolean!) { forceFullSync(deviceId: $deviceId, entities: $entities, discardLocalChanges: $discard) { ${COMMAND} ${USER_ERRORS} } }`,
            { deviceId, entities: order.entities ?? null, discard: order.discardLocalChanges },
          ),
        async publish(document: unknown, options: { readonly minAppVersion?: string; readonly settingsReadOnly?: boolean } = {}) {
          const answer = await call(
            'publishCustomization',
            `mutation publishCustomization($input: PublishCustomizationInput!) { publishCustomization(input: $input) { customization { revision version } ${USER_ERRORS} } }`,
            {
              input: {
                content: document,
                roles: [{ role: DEVICE_USER_ROLE, priority: 1 }],
                minAppVersion: options.minAppVersion ?? null,
                settingsReadOnly: options.settingsReadOnly ?? false,
              },
            },
          );
          const customization = payloadOf(answer.publishCustomization).customization as { revision: number; version: string };
          return { revision: customization.revision, version: customization.version };
        },
        async device(deviceId: string) {
          const answer = await call(
            'device',
            `query device($deviceId: String!) { device(deviceId: $deviceId) {
              name os appVersion state
              commands { id kind status message }
              syncs(first: 20) { edges { node { syncId startedAt endedAt durationMs type success cancelled uploads uploadErrors retries downloaded error } } }
              logs(first: 10) { syncId text }
            } }`,
            { deviceId },
          );
          const device = answer.device as StoredDevice | null;
          if (device === null) return undefined;
          // The admin API answers newest first; the suite reads oldest first.
          return {
            name: device.name,
            os: device.os,
            appVersion: device.appVersion,
            state: device.state,
            commands: [...device.commands].reverse().map(({ id, kind, status, message }) => ({ id, kind, status, ...(message === null ? {} : { message }) })),
            reports: device.syncs.edges.map(({ node }) => reportOf(node)).reverse(),
            logs: [...device.logs].reverse(),
          };
        },
      },
      async expireSessions() {
        // Past the access tokens' lifetime: each connector renews its session before its next call.
        bridge.clock.advance(CONFORMANCE_TOKEN_TTL_MS + 60_000);
        // The admin's side is not under test: it signs in again.
        token = (await adminSession.signIn()).accessToken;
      },
      async teardown() {
        await Promise.all(connectors.map((connector) => connector.close()));
        await client.close();
        await bridge.close();
      },
    };
  } catch (error) {
    await Promise.all(connectors.map((connector) => connector.close()));
    await client.close();
    await bridge.close();
    throw error;
  }
}

/** A device as the admin query answers it. */
interface StoredDevice {
  readonly name: string;
  readonly os: string;
  readonly appVersion: string;
  readonly state: 'active' | 'locked' | 'wiped';
  readonly commands: readonly { id: string; kind: DeviceCommandKind; status: DeviceCommand['status']; message: string | null }[];
  readonly syncs: { readonly edges: readonly { readonly node: Omit<SyncTrackingReport, 'type' | 'error'> & { type: string; error: string | null } }[] };
  readonly logs: readonly { readonly syncId: string; readonly text: string }[];
}

/** A stored sync tracking record in the channel's shape (`upload_only` is `upload-only`, no error is no field). */
function reportOf(node: StoredDevice['syncs']['edges'][number]['node']): SyncTrackingReport {
  const { type, error, ...figures } = node;
  return { ...figures, type: type.replace('_', '-') as SyncTrackingReport['type'], ...(error === null ? {} : { error }) };
}

/** The payload of a mutation, or its first user error thrown as a `FieldsyncError` with that code. */
function payloadOf(value: unknown): Record<string, unknown> {
  const payload = value as Record<string, unknown> & { userErrors: readonly { field: string | null; message: string; code: string }[] };
  const [first] = payload.userErrors;
  if (first) throw new FieldsyncError(first.code, first.message, { field: first.field });
  return payload;
}
