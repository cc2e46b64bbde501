import { AuthExpiredError, AuthFailedError, type CrmConnector } from '@fieldsync/connector-api';
import type { Schema } from '@fieldsync/model';
import type { BackendUser, BackendUserPage, BackendUserQuery, CrmBackend } from '@fieldsync/device-api';
import { BackendUserCache } from './backend-user-cache';

/** Where a commercial CRM's users and their roles are read from (by the bridge's own identity). */
export interface BackendDirectory {
  /** One page of users by user name, paged by the CRM's query API. */
  listUsers(query: BackendUserQuery): Promise<BackendUserPage>;
  user(id: string): Promise<BackendUser | undefined>;
  userByName(userName: string): Promise<BackendUser | undefined>;
  close?(): Promise<void>;
}

/** What makes one commercial CRM a bridge backend (see {@link createDirectoryBackend}). */
export interface DirectoryBackendParts {
  readonly name: string;
  /** The bridge's own connector (integration or application user): capabilities and the schema. */
  readonly admin: CrmConnector;
  readonly directory: BackendDirectory;
  /** A connector whose `signIn` checks this user name and password with the CRM. */
  signingInAs(userName: string, password: string): CrmConnector;
  /** A connector whose calls run as this user (JWT bearer, impersonation). */
  actingAs(user: BackendUser): CrmConnector;
  /** How long a user's roles and state are cached, in ms. */
  readonly userCacheMs: number;
  readonly now: () => number;
}

/**
 * A bridge backend over a commercial CRM: a password is checked by signing in with it (nothing is
 * kept), the user is then read from the directory (refused when unknown or disabled), users are
 * cached for `userCacheMs`, and each user gets one connector acting as them. Salesforce and Dynamics
 * differ only in the parts (decision 082).
 */
export function createDirectoryBackend(parts: DirectoryBackendParts): CrmBackend {
  const { admin, directory } = parts;
  const connectors = new Map<string, CrmConnector>();
  const users = new BackendUserCache((userId) => directory.user(userId), parts.userCacheMs, parts.now);
  return {
    name: parts.name,
    capabilities: admin.capabilities,
    async verifyPassword(userName, password) {
      const check = parts.signingInAs(userName, password);
      try {
        await check.signIn();
      } finally {
        await check.close();
      }
      const found = await directory.userByName(userName);
      if (!found || found.disabled) throw new AuthFailedError('wrong user name or password, or the user is disabled');
      return users.remember(found.id, found) as BackendUser;
    },
    async confirmRefresh(userId) {
      users.forget(userId);
      const user = await users.get(userId);
      if (!user || user.disabled) throw new AuthExpiredError('the user is disabled or no longer exists');
    },
    async userByName(userName) {
      const found = await directory.userByName(userName);
      return found && (users.remember(found.id, found) as BackendUser);
    },
    user: (userId) => users.get(userId),
    async listUsers(query) {
      const page = await directory.listUsers(query);
      return { users: page.users.map((user) => users.remember(user.id, user) as BackendUser), hasNextPage: page.hasNextPage };
    },
    async schema(): Promise<Schema> {
      return admin.describe();
    },
    connectorFor(userId) {
      let made = connectors.get(userId);
      if (!made) {
        // The API looked the caller up before asking for their connector, so the user is known.
        const user = users.lastSeen(userId);
        if (user === undefined) throw new AuthExpiredError(`user ${userId} is not known to the bridge; sign in again`);
        made = parts.actingAs(user);
        connectors.set(userId, made);
      }
      return made;
    },
    async close() {
      await Promise.all([...connectors.values(), admin].map((made) => made.close()));
      connectors.clear();
      await directory.close?.();
    },
  };
}
