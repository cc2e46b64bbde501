import type { CrmConnector, EntityCounts, PermissionSet, SyncPlanRequest, SyncPlanServer, WhoAmI } from '@fieldsync/connector-api';
import type { Schema } from '@fieldsync/model';
import type { CountRequest } from '@fieldsync/connector-api';

/** The connector calls the start of a sync makes, answered from a sync plan where it holds them. */
export type ServerSource = Pick<CrmConnector, 'whoAmI' | 'describe' | 'permissions' | 'count'>;

/**
 * The CRM side of a sync plan in front of the connector: each call is answered from the plan when the
 * plan holds that answer (a part that was refused, a schema that does not cover the entities asked, or a
 * count asked with another anchor or filter goes to the connector, which answers or throws as it would).
 */
export class PlannedServer implements ServerSource {
  readonly #described: ReadonlySet<string>;

  constructor(
    private readonly connector: CrmConnector,
    private readonly server: SyncPlanServer,
    private readonly request: SyncPlanRequest,
  ) {
    this.#described = new Set(server.described);
  }

  async whoAmI(): Promise<WhoAmI> {
    return this.server.whoAmI.ok ? this.server.whoAmI.value : this.connector.whoAmI();
  }

  async permissions(): Promise<PermissionSet> {
    return this.server.permissions.ok ? this.server.permissions.value : this.connector.permissions();
  }

  /** The plan's schema of `entities` when it described each of them; all entities always go to the connector. */
  async describe(entities?: readonly string[]): Promise<Schema> {
    const { schema } = this.server;
    if (!schema.ok || entities === undefined || !entities.every((name) => this.#described.has(name))) return this.connector.describe(entities);
    const wanted = new Set(entities);
    return { ...schema.value, entities: schema.value.entities.filter((entity) => wanted.has(entity.name)) };
  }

  /** The plan's counts when it counted this entity with the same anchor and filter and answered them. */
  async count(request: CountRequest): Promise<EntityCounts> {
    const asked = this.request.counts ?? [];
    const index = asked.findIndex(
      (count) =>
        count.entity === request.entity && count.since === request.since && JSON.stringify(count.filter ?? null) === JSON.stringify(request.filter ?? null),
    );
    const answer = index < 0 ? undefined : this.server.counts[index];
    return answer?.ok ? answer.value : this.connector.count(request);
  }
}
