import { AuthExpiredError, AuthFailedError, type CrmConnector } from '@fieldsync/connector-api';
import {
  createSalesforceConnector,
  createSalesforceDirectory,
  type SalesforceConnectorConfig,
  type SalesforceUser,
} from '@fieldsync/connector-salesforce';
import type { Schema } from '@fieldsync/model';
import type { BackendUser, CrmBackend } from '@fieldsync/device-api';
import { BackendUserCache } from './backend-user-cache';

/** Options of {@link createSalesforceBackend}. */
export interface SalesforceBackendOptions {
  /** The org's login URL, e.g. `https://login.salesforce.com` or a `fieldsync emulate salesforce` URL. */
  readonly loginUrl: string;
  readonly apiVersion?: string;
  /** The connected app: its consumer key and secret (password checks, and the client-credentials integration user). */
  readonly clientId: string;
  readonly clientSecret: string;
  /** PEM private key whose certificate the connected app holds: the bridge signs JWT bearer assertions with it to act as each user. */
  readonly jwtPrivateKey: string;
  /** Everything else the connectors take (external id field, entity mapping, page and batch sizes). */
  readonly connector?: Omit<SalesforceConnectorConfig, 'loginUrl' | 'apiVersion' | 'credentials' | 'retry'>;
  /** How long a user's roles and state are cached, in ms. @default 5000 */
  readonly userCacheMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

const toBackendUser = (user: SalesforceUser): BackendUser => ({ id: user.id, userName: user.userName, fullName: user.fullName, disabled: !user.active, roles: user.roles });

/**
 * Salesforce as a bridge backend. A device's password is checked by signing in with it (the OAuth
 * password flow); the bridge then acts as the user through the JWT bearer flow of the connected app,
 * so it never keeps passwords and every call runs with the user's own profile and sharing. Users and
 * their roles (permission sets) come from the integration user (client credentials), which needs
 * "View Setup and Configuration". Rate limits go back to the device instead of being waited out here.
 */
export function createSalesforceBackend(options: SalesforceBackendOptions): CrmBackend {
  const now = options.now ?? Date.now;
  const cacheMs = options.userCacheMs ?? 5_000;
  const base = { loginUrl: options.loginUrl, ...(options.apiVersion ? { apiVersion: options.apiVersion } : {}) };
  const integration = { kind: 'client-credentials' as const, clientId: options.clientId, clientSecret: options.clientSecret };
  const directory = createSalesforceDirectory({ ...base, credentials: integration, ...(options.now ? { now: options.now } : {}) });
  const admin = createSalesforceConnector({ ...options.connector, ...base, credentials: integration });
  const connectors = new Map<string, CrmConnector>();
  const users = new BackendUserCache(async (userId) => {
    const found = await directory.user(userId);
    return found ? toBackendUser(found) : undefined;
  }, cacheMs, now);
  return {
    name: 'salesforce',
    capabilities: admin.capabilities,
    async verifyPassword(userName, password) {
      const check = createSalesforceConnector({ ...base, credentials: { kind: 'password', username: userName, password, clientId: options.clientId, clientSecret: options.clientSecret } });
      try {
        await check.signIn();
      } finally {
        await check.close();
      }
      const found = await directory.userByName(userName);
      if (!found || !found.active) throw new AuthFailedError('wrong user name or password, or the user is disabled');
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
        // The API looked the caller up before asking for their connector, so the user name is known.
        const userName = users.lastSeen(userId)?.userName;
        if (userName === undefined) throw new AuthExpiredError(`user ${userId} is not known to the bridge; sign in again`);
        made = createSalesforceConnector({
          ...options.connector,
          ...base,
          credentials: { kind: 'jwt', clientId: options.clientId, username: userName, privateKey: options.jwtPrivateKey },
          retry: { maxRateLimitRetries: 0 },
        });
        connectors.set(userId, made);
      }
      return made;
    },
    async close() {
      await Promise.all([...connectors.values(), admin].map((made) => made.close()));
      connectors.clear();
    },
  };
}
