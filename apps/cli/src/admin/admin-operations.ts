import type { GraphqlRequest } from '@fieldsync/connector-bridge';

/** Proves the admin role: `settings` is read only by an admin (as the admin console checks it). */
export const adminCheckRequest: GraphqlRequest = {
  operationName: 'AdminCheck',
  query: 'query AdminCheck { whoAmI { userId userName } settings { name } }',
};

/** One page of the fleet (`devices` connection), newest activity first. */
export function devicesPageRequest(first: number, after: string | undefined, state: string | undefined): GraphqlRequest {
  return {
    operationName: 'Devices',
    query: `query Devices($first: Int!, $after: String, $filter: DeviceFilter) {
      devices(first: $first, after: $after, filter: $filter) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { deviceId name os appVersion state registeredAt lastSeenAt lastSyncAt user { id userName fullName } } }
      }
    }`,
    variables: { first, after: after ?? null, filter: state === undefined ? null : { state } },
  };
}

/** A device with its recent syncs (`syncs` of them) and its commands. */
export function deviceDetailRequest(deviceId: string, syncs: number): GraphqlRequest {
  return {
    operationName: 'DeviceDetail',
    query: `query DeviceDetail($deviceId: String!, $syncs: Int!) {
      device(deviceId: $deviceId) {
        deviceId name os appVersion state registeredAt lastSeenAt lastSyncAt
        user { id userName fullName }
        syncs(first: $syncs) { edges { node { syncId startedAt endedAt durationMs type success cancelled uploads uploadErrors downloaded error refreshMode } } }
        commands { id kind status issuedAt issuedBy deliveredAt completedAt message parameters { entities discardLocalChanges } }
      }
    }`,
    variables: { deviceId, syncs },
  };
}

/** The device commands an admin may issue, by their mutation. */
export type DeviceCommandMutation = 'lockDevice' | 'unlockDevice' | 'wipeDevice' | 'forceFullSync';

/** Issues a device command; `forceFullSync` takes `entities` (all when absent) and `discardLocalChanges`. */
export function deviceCommandRequest(
  mutation: DeviceCommandMutation,
  deviceId: string,
  force?: { readonly entities?: readonly string[]; readonly discardLocalChanges: boolean },
): GraphqlRequest {
  const payload = 'command { id kind status issuedAt issuedBy } userErrors { field message code }';
  if (mutation === 'forceFullSync')
    return {
      operationName: 'ForceFullSync',
      query: `mutation ForceFullSync($deviceId: String!, $entities: [String!], $discardLocalChanges: Boolean!) {
        forceFullSync(deviceId: $deviceId, entities: $entities, discardLocalChanges: $discardLocalChanges) { ${payload} }
      }`,
      variables: { deviceId, entities: force?.entities ?? null, discardLocalChanges: force?.discardLocalChanges ?? false },
    };
  return {
    operationName: mutation,
    query: `mutation ${mutation}($deviceId: String!) { ${mutation}(deviceId: $deviceId) { ${payload} } }`,
    variables: { deviceId },
  };
}
