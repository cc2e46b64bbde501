import { graphql } from '../gql';

/** One page of the CRM's users by user name, each with roles and devices; `search` matches user or full name. */
export const UsersQuery = graphql(`
  query Users($first: Int!, $after: String, $search: String) {
    users(first: $first, after: $after, search: $search) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          userName
          fullName
          disabled
          roles
          devices {
            deviceId
            name
            state
          }
        }
      }
    }
  }
`);

/** A CRM user with roles and each device's state and last sync. */
export const UserDetailQuery = graphql(`
  query UserDetail($id: ID!) {
    user(id: $id) {
      id
      userName
      fullName
      disabled
      roles
      devices {
        deviceId
        name
        os
        appVersion
        state
        registeredAt
        lastSyncAt
      }
    }
  }
`);
