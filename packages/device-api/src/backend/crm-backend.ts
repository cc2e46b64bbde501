import type { ConnectorCapabilities, CrmConnector } from '@fieldsync/connector-api';
import type { Schema } from '@fieldsync/model';

/** A CRM user as the bridge sees it. */
export interface BackendUser {
  readonly id: string;
  readonly userName: string;
  readonly fullName: string;
  readonly disabled: boolean;
  /** Security role names the user holds (directly or through teams). */
  readonly roles: readonly string[];
}

/** A page of users to list (see {@link CrmBackend.listUsers}). */
export interface BackendUserQuery {
  /** At most this many users (1..500). */
  readonly first: number;
  /** Only users whose user name sorts after this one (the previous page's last), in the CRM's order. */
  readonly afterUserName?: string;
  /** Only users whose user name or full name contains this text, ignoring case. */
  readonly search?: string;
}

/** One page of users, by user name. */
export interface BackendUserPage {
  readonly users: readonly BackendUser[];
  /** True when more users follow the last one. */
  readonly hasNextPage: boolean;
}

/**
 * The CRM behind a bridge, as the API needs it: password checks, users and their roles, the schema,
 * and a connector acting as a given user. The bridge is trusted by the CRM (an application user that
 * impersonates); every data call still runs with the user's own privileges.
 */
export interface CrmBackend {
  /** Short backend name for logs (`embedded`, `salesforce`, ...). */
  readonly name: string;
  /** What the connectors of this backend can do. */
  readonly capabilities: ConnectorCapabilities;
  /** Checks a password; answers the user, or throws `AuthFailedError` (unknown user, wrong password, disabled). */
  verifyPassword(userName: string, password: string): Promise<BackendUser>;
  /** Confirms a session may be refreshed for this user (still exists, not disabled); throws `AuthExpiredError` otherwise. */
  confirmRefresh(userId: string): Promise<void>;
  /**
   * The user a sign-in name names, matched as the CRM matches sign-in names (case-insensitively in
   * the embedded CRM, Salesforce and Dataverse); undefined when none. The sign-in limit counts by it.
   */
  userByName(userName: string): Promise<BackendUser | undefined>;
  /** A user by id; undefined when unknown. */
  user(userId: string): Promise<BackendUser | undefined>;
  /**
   * One page of users by user name, paged at the CRM (SQL, SOQL, OData) as far as its API allows:
   * never the whole directory for one page.
   */
  listUsers(query: BackendUserQuery): Promise<BackendUserPage>;
  /** The whole CRM schema (customizations are validated against it). */
  schema(): Promise<Schema>;
  /** A connector that acts as `userId`; the backend may cache it. Never closed by the caller. */
  connectorFor(userId: string): CrmConnector;
  /** Releases the connectors. */
  close(): Promise<void>;
}
