import { randomBytes } from 'node:crypto';
import { StoreHistoryExpiredError, type CrmStore, type Principal, type StorePermissions, type Tombstone } from '@fieldsync/crm-store';
import type { Clock, CrmRecord, FilterNode, Schema } from '@fieldsync/model';
import { SObjectCatalog, type SObjectField, type SObjectType } from '../naming/sobject-naming';
import type { ConnectedApp } from './emulator-options';
import { SalesforceApiError } from './salesforce-api-error';

/** A signed-in session. */
export interface EmulatorSession {
  readonly token: string;
  readonly userId: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/** The signed-in user of one request: principal, permissions and the sObjects they see. */
export interface RequestUser {
  readonly session: EmulatorSession;
  readonly principal: Principal;
  readonly permissions: StorePermissions;
  readonly catalog: SObjectCatalog;
}

const DAY_MS = 86_400_000;
const PAGE = 10_000;

/** Settings resolved from the options. */
export interface EmulatorSettings {
  readonly apiVersion: string;
  readonly sessionTtlMs: number;
  readonly dailyApiLimit: number;
  readonly locatorTtlMs: number;
  readonly maxReplicationIds: number;
  readonly connectedApps: readonly ConnectedApp[];
  readonly setupRole: string;
}

/** The emulator's state: sessions, API usage, the sObject catalog, and reads as a user. */
export class EmulatorCore {
  url = '';
  organizationId = '';
  private readonly sessions = new Map<string, EmulatorSession>();
  private usage = { day: -1, used: 0 };
  private catalogCache: { schema: Schema; catalog: SObjectCatalog } | undefined;
  /** Tombstones deleted before this instant are gone from the recycle bin (see `emptyRecycleBin`). */
  recycleBinEmptiedAt = 0;

  constructor(
    readonly store: CrmStore,
    readonly clock: Clock,
    readonly settings: EmulatorSettings,
  ) {}

  /** The path prefix of the REST API: `/services/data/v59.0`. */
  get basePath(): string {
    return `/services/data/v${this.settings.apiVersion}`;
  }

  catalog(): SObjectCatalog {
    const schema = this.store.schema();
    if (this.catalogCache?.schema !== schema) this.catalogCache = { schema, catalog: new SObjectCatalog(schema) };
    return this.catalogCache.catalog;
  }

  /** Starts a session for a user. */
  openSession(userId: string): EmulatorSession {
    const now = this.clock.now();
    const token = `${this.organizationId.replace(/-/g, '').slice(0, 15)}!${randomBytes(24).toString('base64url')}`;
    const session = { token, userId, issuedAt: now, expiresAt: now + this.settings.sessionTtlMs };
    this.sessions.set(token, session);
    return session;
  }

  /** Ends every session (the next request answers 401 `INVALID_SESSION_ID`). */
  expireSessions(): void {
    this.sessions.clear();
  }

  /** The user behind a bearer token; 401 `INVALID_SESSION_ID` when unknown, expired or disabled. */
  async authenticate(authorization: string | undefined): Promise<RequestUser> {
    const invalid = () => new SalesforceApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    const match = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(authorization ?? '');
    const session = match ? this.sessions.get(match[1].trim()) : undefined;
    if (!session) throw invalid();
    if (this.clock.now() >= session.expiresAt) {
      this.sessions.delete(session.token);
      throw invalid();
    }
    const user = await this.store.getUser(session.userId);
    if (!user || user.disabled) throw invalid();
    const principal = await this.store.principalOf(session.userId);
    const permissions = await this.store.permissions(principal);
    return { session, principal, permissions, catalog: this.catalog() };
  }

  /** Counts one API request of the org; 403 `REQUEST_LIMIT_EXCEEDED` past the daily limit. */
  countApiRequest(): void {
    const day = Math.floor(this.clock.now() / DAY_MS);
    if (this.usage.day !== day) this.usage = { day, used: 0 };
    if (this.usage.used >= this.settings.dailyApiLimit) throw new SalesforceApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    this.usage.used++;
  }

  /** API requests used today and the daily limit. */
  apiUsage(): { used: number; max: number } {
    const day = Math.floor(this.clock.now() / DAY_MS);
    return { used: this.usage.day === day ? this.usage.used : 0, max: this.settings.dailyApiLimit };
  }

  /** Sets today's usage (tests: a quota nearly spent). */
  setApiUsage(used: number): void {
    this.usage = { day: Math.floor(this.clock.now() / DAY_MS), used };
  }

  /** The sObject of that name the user may see at all; 404 `NOT_FOUND` otherwise. */
  typeOrNotFound(user: RequestUser, name: string): SObjectType {
    const type = user.catalog.find(name);
    if (!type || !this.visibleType(user, type)) throw new SalesforceApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
    return type;
  }

  /** True when the user holds any privilege on the sObject's entity. */
  visibleType(user: RequestUser, type: SObjectType): boolean {
    const privileges = user.permissions.entities[type.entity.name];
    return privileges !== undefined && Object.values(privileges).some((depth) => depth !== 'none');
  }

  /** True when field-level security lets the user read the field. */
  readable(user: RequestUser, type: SObjectType, field: SObjectField): boolean {
    if (!field.source || field.synthetic) return true;
    const secured = user.permissions.fields[type.entity.name]?.[field.source.name];
    return !secured || secured.read;
  }

  /** Every record of the entity the user may read (sharing enforced by the store), with readable fields; `filter` runs in the store. */
  async readAll(user: RequestUser, entity: string, filter?: FilterNode): Promise<CrmRecord[]> {
    const records: CrmRecord[] = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await this.store.readFull(user.principal, { entity, filter, afterId, limit: PAGE });
      records.push(...page.records);
      if (page.done || page.lastId === undefined) return records;
      afterId = page.lastId;
    }
  }

  /** Tombstones of the entity the user could see, as far back as the store keeps them. */
  async tombstones(user: RequestUser, entity: string): Promise<Tombstone[]> {
    let afterVersion = 0;
    const all: Tombstone[] = [];
    let cursor: string | undefined;
    for (;;) {
      let page;
      try {
        page = await this.store.deletesSince(user.principal, { entity, afterVersion, afterCursor: cursor, limit: PAGE });
      } catch (error) {
        if (error instanceof StoreHistoryExpiredError && afterVersion < error.watermark) {
          afterVersion = error.watermark;
          continue;
        }
        throw error;
      }
      all.push(...page.deleted.filter((t) => Date.parse(t.deletedAt) >= this.recycleBinEmptiedAt));
      if (page.cursor === undefined) return all;
      cursor = page.cursor;
    }
  }
}
