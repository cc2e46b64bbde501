import type { CrmStore, Principal, StorePermissions, StoreUser } from '@fieldsync/crm-store';
import type { Clock, Schema } from '@fieldsync/model';
import { EntityCatalog } from '../naming/entity-catalog';
import type { AccessTokenRegistry } from '@fieldsync/emulator-azure-ad';
import type { ChangeTokens } from './change-tokens';
import type { DataverseEmulatorSettings } from './dataverse-emulator-options';

/** The signed-in user of one API request. */
export interface RequestUser {
  readonly user: StoreUser;
  readonly principal: Principal;
  readonly permissions: StorePermissions;
}

/** One Web API request, over HTTP or as a `$batch` part. */
export interface ApiRequest {
  readonly method: string;
  /** The path after `/api/data/v9.2/`, not decoded, e.g. `accounts(…)` or `EntityDefinitions(LogicalName='account')/Attributes`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** The answer to an {@link ApiRequest}: a JSON body (or none) and headers. */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** A delta read answered in several pages: the entries not yet sent and the deltaLink of the last page. */
export interface DeltaCursor {
  readonly userId: string;
  readonly entries: readonly Record<string, unknown>[];
  readonly deltaLink: string;
}

/** Delta cursors kept at most; the oldest is forgotten past it (its next page answers 400). */
const MAX_DELTA_CURSORS = 100;

/** The emulator's shared state: the store, the clock, the settings, tokens and the Web API catalog. */
export class EmulatorContext {
  url = '';
  organizationId = '';
  private catalogCache: { schema: Schema; catalog: EntityCatalog } | undefined;
  private readonly deltaCursors = new Map<string, DeltaCursor>();

  constructor(
    readonly store: CrmStore,
    readonly clock: Clock,
    readonly settings: DataverseEmulatorSettings,
    readonly tokens: AccessTokenRegistry,
    readonly changeTokens: ChangeTokens,
  ) {}

  /** `${url}/api/data/v9.2/`. */
  get apiUrl(): string {
    return `${this.url}/api/data/v9.2/`;
  }

  /** The entity sets of the store's current schema. */
  catalog(): EntityCatalog {
    const schema = this.store.schema();
    if (this.catalogCache?.schema !== schema) this.catalogCache = { schema, catalog: new EntityCatalog(schema) };
    return this.catalogCache.catalog;
  }

  /** Keeps a paged delta read; answers its id. */
  keepDeltaCursor(id: string, cursor: DeltaCursor): void {
    this.deltaCursors.set(id, cursor);
    for (const oldest of this.deltaCursors.keys()) {
      if (this.deltaCursors.size <= MAX_DELTA_CURSORS) break;
      this.deltaCursors.delete(oldest);
    }
  }

  /** A kept delta cursor, or undefined when unknown or forgotten. */
  deltaCursor(id: string): DeltaCursor | undefined {
    return this.deltaCursors.get(id);
  }

  /** `@odata.context` of an entity set or a row shape. */
  metadataUrl(fragment: string): string {
    return `${this.apiUrl}$metadata#${fragment}`;
  }
}
