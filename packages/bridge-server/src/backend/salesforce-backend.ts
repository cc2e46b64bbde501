import { createSalesforceConnector, createSalesforceDirectory, type SalesforceConnectorConfig, type SalesforceUser } from '@fieldsync/connector-salesforce';
import type { BackendUser, CrmBackend } from '@fieldsync/device-api';
import { createDirectoryBackend } from './directory-backend';

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

const toBackendUser = (user: SalesforceUser): BackendUser => ({
  id: user.id,
  userName: user.userName,
  fullName: user.fullName,
  disabled: !user.active,
  roles: user.roles,
});
const mapDefined = (user: SalesforceUser | undefined): BackendUser | undefined => (user ? toBackendUser(user) : undefined);

/**
 * Salesforce as a bridge backend. A device's password is checked by signing in with it (the OAuth
 * password flow); the bridge then acts as the user through the JWT bearer flow of the connected app,
 * so it never keeps passwords and every call runs with the user's own profile and sharing. Users and
 * their roles (permission sets) come from the integration user (client credentials), which needs
 * "View Setup and Configuration". Rate limits go back to the device instead of being waited out here.
 */
export function createSalesforceBackend(options: SalesforceBackendOptions): CrmBackend {
  const base = { loginUrl: options.loginUrl, ...(options.apiVersion ? { apiVersion: options.apiVersion } : {}) };
  const integration = { kind: 'client-credentials' as const, clientId: options.clientId, clientSecret: options.clientSecret };
  const directory = createSalesforceDirectory({ ...base, credentials: integration, ...(options.now ? { now: options.now } : {}) });
  return createDirectoryBackend({
    name: 'salesforce',
    admin: createSalesforceConnector({ ...options.connector, ...base, credentials: integration }),
    directory: {
      listUsers: async (query) => {
        const page = await directory.usersPage(query);
        return { users: page.users.map(toBackendUser), hasNextPage: page.hasNextPage };
      },
      user: async (id) => mapDefined(await directory.user(id)),
      userByName: async (userName) => mapDefined(await directory.userByName(userName)),
    },
    signingInAs: (username, password) =>
      createSalesforceConnector({
        ...base,
        credentials: { kind: 'password', username, password, clientId: options.clientId, clientSecret: options.clientSecret },
      }),
    actingAs: (user) =>
      createSalesforceConnector({
        ...options.connector,
        ...base,
        credentials: { kind: 'jwt', clientId: options.clientId, username: user.userName, privateKey: options.jwtPrivateKey },
        retry: { maxRateLimitRetries: 0 },
      }),
    userCacheMs: options.userCacheMs ?? 5_000,
    now: options.now ?? Date.now,
  });
}
