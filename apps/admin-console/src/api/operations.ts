import { graphql } from '../gql';

/** Signs in without a device: an admin console session. */
export const SignInMutation = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      session {
        accessToken
        refreshToken
        expiresAt
        userId
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

/** Swaps the refresh token for a new session. */
export const RefreshSessionMutation = graphql(`
  mutation RefreshSession($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) {
      session {
        accessToken
        refreshToken
        expiresAt
        userId
      }
      userErrors {
        message
        code
      }
    }
  }
`);

/** Ends the session on the bridge. */
export const SignOutMutation = graphql(`
  mutation SignOut {
    signOut
  }
`);

/** Who is signed in; with `settings`, which only an admin may read, it proves the admin role. */
export const AdminCheckQuery = graphql(`
  query AdminCheck {
    whoAmI {
      userId
      userName
    }
    settings {
      name
      value
    }
  }
`);

/** One page of the fleet, with each device's last sync and its commands. */
export const FleetQuery = graphql(`
  query Fleet($first: Int!, $after: String, $filter: DeviceFilter) {
    devices(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          deviceId
          name
          os
          appVersion
          state
          lastSyncAt
          lastSeenAt
          user {
            id
            userName
            fullName
          }
          syncs(first: 1) {
            edges {
              node {
                id
                success
                cancelled
                endedAt
                error
              }
            }
          }
          commands {
            id
            status
          }
        }
      }
    }
  }
`);

/** A device with its sync history, logs and commands. */
export const DeviceDetailQuery = graphql(`
  query DeviceDetail($deviceId: String!) {
    device(deviceId: $deviceId) {
      deviceId
      name
      os
      appVersion
      state
      registeredAt
      lastSeenAt
      lastSyncAt
      user {
        id
        userName
        fullName
      }
      syncs(first: 50) {
        edges {
          node {
            id
            syncId
            startedAt
            endedAt
            durationMs
            type
            success
            cancelled
            uploads
            uploadErrors
            retries
            downloaded
            error
            refreshMode
            files {
              count
              bytes
              refused
              queued
            }
          }
        }
      }
      commands {
        id
        kind
        status
        issuedAt
        issuedBy
        deliveredAt
        completedAt
        message
        parameters {
          entities
          discardLocalChanges
        }
      }
    }
  }
`);

/** The entities of the published customizations, to choose from for a forced full sync. */
export const CustomizationEntitiesQuery = graphql(`
  query CustomizationEntities {
    customizations {
      revision
      content
    }
  }
`);

/** Locks the device at its next contact. */
export const LockDeviceMutation = graphql(`
  mutation LockDevice($deviceId: String!) {
    lockDevice(deviceId: $deviceId) {
      command {
        id
        kind
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

/** Unlocks the device. */
export const UnlockDeviceMutation = graphql(`
  mutation UnlockDevice($deviceId: String!) {
    unlockDevice(deviceId: $deviceId) {
      command {
        id
        kind
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

/** Wipes the device at its next contact; its tokens stop working at once. */
export const WipeDeviceMutation = graphql(`
  mutation WipeDevice($deviceId: String!) {
    wipeDevice(deviceId: $deviceId) {
      command {
        id
        kind
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

/** Orders a full download of the entities named (all when none). */
export const ForceFullSyncMutation = graphql(`
  mutation ForceFullSync($deviceId: String!, $entities: [String!], $discardLocalChanges: Boolean!) {
    forceFullSync(deviceId: $deviceId, entities: $entities, discardLocalChanges: $discardLocalChanges) {
      command {
        id
        kind
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

/** What happens to devices from now on, for the live views. */
export const FleetEventsSubscription = graphql(`
  subscription FleetEvents {
    fleetEvents {
      kind
      deviceId
      at
    }
  }
`);
