import { createDynamicsConnector, createDynamicsDirectory, type DynamicsConnectorConfig, type DynamicsUser } from '@fieldsync/connector-dynamics';
import type { BackendUser, CrmBackend } from '@fieldsync/device-api';
import { createDirectoryBackend } from './directory-backend';

/** Options of {@link createDynamicsBackend}. */
export interface DynamicsBackendOptions {
  /** Environment, API root, authority and CA: everything of the connector config but credentials and caller. */
  readonly connection: Omit<DynamicsConnectorConfig, 'credentials' | 'callerId' | 'retry'>;
  /** The app registration of the bridge's application user (needs prvActOnBehalfOfAnotherUser). */
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tenantId: string;
  /** The app registration devices' passwords are checked with (public client flows allowed). @default clientId */
  readonly publicClientId?: string;
  /** How long a user's roles and state are cached, in ms. @default 5000 */
  readonly userCacheMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

const toBackendUser = (user: DynamicsUser): BackendUser => ({
  id: user.id,
  userName: user.userName,
  fullName: user.fullName,
  disabled: user.disabled,
  roles: user.roles,
});

/**
 * Dynamics 365 / Dataverse as a bridge backend. A device's password is checked by signing in with it
 * through msal-node (Azure AD's username/password flow); the bridge then calls Dataverse as its
 * application user (client credentials) impersonating the device's user (`MSCRMCallerID`), so it
 * keeps no passwords and every call runs with the user's own roles and sharing. Users and their
 * security roles come from `systemusers`. Rate limits go back to the device.
 */
export function createDynamicsBackend(options: DynamicsBackendOptions): CrmBackend {
  const application = { kind: 'clientCredentials' as const, clientId: options.clientId, clientSecret: options.clientSecret, tenantId: options.tenantId };
  const directory = createDynamicsDirectory({ ...options.connection, credentials: application });
  const mapDefined = (user: DynamicsUser | undefined): BackendUser | undefined => (user ? toBackendUser(user) : undefined);
  return createDirectoryBackend({
    name: 'dynamics',
    admin: createDynamicsConnector({ ...options.connection, credentials: application }),
    directory: {
      listUsers: async (query) => {
        const page = await directory.usersPage(query);
        return { users: page.users.map(toBackendUser), hasNextPage: page.hasNextPage };
      },
      user: async (id) => mapDefined(await directory.user(id)),
      userByName: async (userName) => mapDefined(await directory.userByName(userName)),
      close: () => directory.close(),
    },
    signingInAs: (username, password) =>
      createDynamicsConnector({
        ...options.connection,
        credentials: { kind: 'password', clientId: options.publicClientId ?? options.clientId, tenantId: options.tenantId, username, password },
      }),
    actingAs: (user) => createDynamicsConnector({ ...options.connection, credentials: application, callerId: user.id, retry: { maxRateLimitRetries: 0 } }),
    userCacheMs: options.userCacheMs ?? 5_000,
    now: options.now ?? Date.now,
  });
}
