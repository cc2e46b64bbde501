import { AuthExpiredError, AuthFailedError, type CrmConnector } from '@fieldsync/connector-api';
import { createDynamicsConnector, createDynamicsDirectory, type DynamicsConnectorConfig, type DynamicsUser } from '@fieldsync/connector-dynamics';
import type { Schema } from '@fieldsync/model';
import type { BackendUser, CrmBackend } from '@fieldsync/device-api';
import { BackendUserCache } from './backend-user-cache';

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

const toBackendUser = (user: DynamicsUser): BackendUser => ({ id: user.id, userName: user.userName, fullName: user.fullName, disabled: user.disabled, roles: user.roles });

/**
 * Dynamics 365 / Dataverse as a bridge backend. A device's password is checked by signing in with it
 * through msal-node (Azure AD's username/password flow); the bridge then calls Dataverse as its
 * application user (client credentials) impersonating the device's user (`MSCRMCallerID`), so it
 * keeps no passwords and every call runs with the user's own roles and sharing. Users and their
 * security roles come from `systemusers`. Rate limits go back to the device.
 */
export function createDynamicsBackend(options: DynamicsBackendOptions): CrmBackend {
  const now = options.now ?? Date.now;
  const cacheMs = options.userCacheMs ?? 5_000;
  const application = { kind: 'clientCredentials' as const, clientId: options.clientId, clientSecret: options.clientSecret, tenantId: options.tenantId };
  const directory = createDynamicsDirectory({ ...options.connection, credentials: application });
  const admin = createDynamicsConnector({ ...options.connection, credentials: application });
  const connectors = new Map<string, CrmConnector>();
  const users = new BackendUserCache(async (userId) => {
    const found = await directory.user(userId);
    return found ? toBackendUser(found) : undefined;
  }, cacheMs, now);
  return {
    name: 'dynamics',
    capabilities: admin.capabilities,
    async verifyPassword(userName, password) {
      const check = createDynamicsConnector({
        ...options.connection,
        credentials: { kind: 'password', clientId: options.publicClientId ?? options.clientId, tenantId: options.tenantId, username: userName, password },
      });
      try {
        await check.signIn();
      } finally {
        await check.close();
      }
      const found = await directory.userByName(userName);
      if (!found || found.disabled) throw new AuthFailedError('wrong user name or password, or the user is disabled');
      return users.remember(found.id, toBackendUser(found)) as BackendUser;
    },
    async confirmRefresh(userId) {
      users.forget(userId);
      const user = await users.get(userId);
      if (!user || user.disabled) throw new AuthExpiredError('the user is disabled or no longer exists');
    },
    user: (userId) => users.get(userId),
    async users() {
      return (await directory.users()).map((user) => users.remember(user.id, toBackendUser(user)) as BackendUser);
    },
    async schema(): Promise<Schema> {
      return admin.describe();
    },
    connectorFor(userId) {
      let made = connectors.get(userId);
      if (!made) {
        made = createDynamicsConnector({ ...options.connection, credentials: application, callerId: userId, retry: { maxRateLimitRetries: 0 } });
        connectors.set(userId, made);
      }
      return made;
    },
    async close() {
      await Promise.all([...connectors.values(), admin].map((made) => made.close()));
      connectors.clear();
      await directory.close();
    },
  };
}
