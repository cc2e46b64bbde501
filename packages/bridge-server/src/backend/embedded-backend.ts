import { AuthExpiredError, AuthFailedError, type CrmConnector } from '@fieldsync/connector-api';
import { createEmbeddedConnector, passThroughTransport, type EmbeddedTransport } from '@fieldsync/connector-embedded';
import { FieldsyncError, type Schema } from '@fieldsync/model';
import type { CrmStore, StoreUser } from '@fieldsync/crm-store';
import type { BackendUser, CrmBackend } from '@fieldsync/device-api';
import { BackendUserCache } from './backend-user-cache';

/** Options of {@link createEmbeddedBackend}. */
export interface EmbeddedBackendOptions {
  readonly store: CrmStore;
  /** Between the bridge and the store for every call (fault injection in tests). @default pass-through */
  readonly transport?: EmbeddedTransport;
  /** How long a user's roles and state are cached, in ms. @default 5000 */
  readonly userCacheMs?: number;
  /** The clock the cache runs on. @default Date.now */
  readonly now?: () => number;
}

/**
 * The embedded reference CRM as a bridge backend: passwords checked by the store, connectors that act
 * as the user (`actAsUserId`), rate limits passed to the device instead of waited out in the bridge.
 */
export function createEmbeddedBackend(options: EmbeddedBackendOptions): CrmBackend {
  const { store } = options;
  const transport = options.transport ?? passThroughTransport;
  const now = options.now ?? Date.now;
  const cacheMs = options.userCacheMs ?? 5_000;
  const connectors = new Map<string, CrmConnector>();
  const toBackendUser = async (user: StoreUser): Promise<BackendUser> => ({
    id: user.id,
    userName: user.userName,
    fullName: user.fullName,
    disabled: user.disabled,
    roles: await store.roleNamesOf(user.id),
  });
  const users = new BackendUserCache(
    async (userId) => {
      const found = await store.getUser(userId);
      return found ? toBackendUser(found) : undefined;
    },
    cacheMs,
    now,
  );
  const connector = createEmbeddedConnector({ store, actAsUserId: 'capabilities-only' });
  const capabilities = connector.capabilities;
  void connector.close();
  return {
    name: 'embedded',
    capabilities,
    async verifyPassword(userName, password) {
      try {
        await transport.send({ operation: 'signIn' }, () => store.signIn(userName, password));
      } catch (error) {
        if (FieldsyncError.is(error, 'STORE_AUTH_INVALID')) throw new AuthFailedError('wrong user name or password, or the user is disabled');
        throw error;
      }
      const user = await store.findUserByName(userName);
      if (!user) throw new AuthFailedError('wrong user name or password, or the user is disabled');
      return toBackendUser(user);
    },
    async confirmRefresh(userId) {
      await transport
        .send({ operation: 'refresh' }, async () => {
          const user = await store.getUser(userId);
          if (!user || user.disabled) throw new AuthExpiredError('the user is disabled or no longer exists');
        })
        .catch((error: unknown) => {
          if (FieldsyncError.is(error, 'STORE_AUTH_INVALID') || FieldsyncError.is(error, 'STORE_AUTH_EXPIRED'))
            throw new AuthExpiredError(`the session refresh was refused: ${(error as Error).message}`);
          throw error;
        });
      users.forget(userId);
    },
    async userByName(userName) {
      const found = await store.findUserByName(userName);
      return found ? toBackendUser(found) : undefined;
    },
    user: (userId) => users.get(userId),
    async listUsers(query) {
      // One more than asked tells whether a next page exists.
      const rows = await store.listUsers({
        first: query.first + 1,
        ...(query.afterUserName !== undefined ? { afterUserName: query.afterUserName } : {}),
        ...(query.search ? { search: query.search } : {}),
      });
      return { users: await Promise.all(rows.slice(0, query.first).map(toBackendUser)), hasNextPage: rows.length > query.first };
    },
    async schema(): Promise<Schema> {
      return store.schema();
    },
    connectorFor(userId) {
      let made = connectors.get(userId);
      if (!made) {
        made = createEmbeddedConnector({ store, actAsUserId: userId, transport, retry: { maxRateLimitRetries: 0 } });
        connectors.set(userId, made);
      }
      return made;
    },
    async close() {
      await Promise.all([...connectors.values()].map((made) => made.close()));
      connectors.clear();
    },
  };
}
