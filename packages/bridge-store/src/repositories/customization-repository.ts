import type { Kysely, Selectable } from 'kysely';
import type { CustomizationRepository, StoredCustomization } from '../api/bridge-store';
import type { BridgeDatabase, CustomizationRoleTable, CustomizationTable } from '../database/bridge-database';
import { canonicalTime } from '../database/canonical-time';
import { fromJsonText, toJsonText } from '../database/json-text';
import { toBoolean } from '../database/stored-boolean';
import { isUniqueViolation } from '../database/unique-violation';
import { BridgeStoreError } from '../errors/bridge-store-error';

/** How often `publish` retries after losing the race for a revision number to a concurrent publish. */
const PUBLISH_ATTEMPTS = 20;

/** {@link CustomizationRepository} over `bridge_customization` and its role assignments. */
export class KyselyCustomizationRepository implements CustomizationRepository {
  constructor(private readonly db: Kysely<BridgeDatabase>) {}

  async publish(input: Omit<StoredCustomization, 'revision'>): Promise<StoredCustomization> {
    const roles = input.roles.map((r) => r.role);
    const duplicate = roles.find((role, i) => roles.indexOf(role) !== i);
    if (duplicate !== undefined) throw new BridgeStoreError('INVALID_ARGUMENT', `roles: '${duplicate}' is assigned twice`, { field: 'roles', role: duplicate });
    const row = {
      version: input.version,
      content: toJsonText(input.content, 'content'),
      entities_hash: input.partHashes.entities,
      settings_hash: input.partHashes.settings,
      blob_store_filter_hash: input.partHashes.blobStoreFilter,
      min_app_version: input.minAppVersion ?? null,
      settings_read_only: input.settingsReadOnly,
      comment: input.comment ?? null,
      published_at: canonicalTime(input.publishedAt, 'publishedAt'),
      published_by: input.publishedBy,
    };
    for (let attempt = 1; ; attempt++) {
      try {
        const revision = await this.db.transaction().execute(async (trx) => {
          const { last } = await trx
            .selectFrom('bridge_customization')
            .select((eb) => eb.fn.max('revision').as('last'))
            .executeTakeFirstOrThrow();
          const next = Number(last ?? 0) + 1;
          await trx
            .insertInto('bridge_customization')
            .values({ revision: next, ...row })
            .execute();
          if (input.roles.length > 0) {
            await trx
              .insertInto('bridge_customization_role')
              .values(input.roles.map((r, ordinal) => ({ revision: next, role: r.role, priority: r.priority, ordinal })))
              .execute();
          }
          return next;
        });
        const stored = await this.get(revision);
        if (!stored) throw new Error(`customization revision ${revision} vanished after publishing`);
        return stored;
      } catch (error) {
        // A concurrent publish took the same number (PostgreSQL; SQLite serialises writers): again.
        if (!isUniqueViolation(error) || attempt >= PUBLISH_ATTEMPTS) throw error;
      }
    }
  }

  async get(revision: number): Promise<StoredCustomization | undefined> {
    const row = await this.db.selectFrom('bridge_customization').selectAll().where('revision', '=', revision).executeTakeFirst();
    if (!row) return undefined;
    const roles = await this.db.selectFrom('bridge_customization_role').selectAll().where('revision', '=', revision).orderBy('ordinal').execute();
    return toCustomization(row, roles);
  }

  async list(): Promise<StoredCustomization[]> {
    const [rows, roles] = await Promise.all([
      this.db.selectFrom('bridge_customization').selectAll().orderBy('revision', 'desc').execute(),
      this.db.selectFrom('bridge_customization_role').selectAll().orderBy('revision').orderBy('ordinal').execute(),
    ]);
    const rolesByRevision = new Map<number, Selectable<CustomizationRoleTable>[]>();
    for (const role of roles) {
      const revision = Number(role.revision);
      rolesByRevision.set(revision, [...(rolesByRevision.get(revision) ?? []), role]);
    }
    return rows.map((row) => toCustomization(row, rolesByRevision.get(Number(row.revision)) ?? []));
  }

  async forRoles(roles: readonly string[]): Promise<StoredCustomization | undefined> {
    if (roles.length === 0) return undefined;
    // Each role's newest assignment, then the one of highest priority (ties: the newer revision).
    const best = await this.db
      .selectFrom('bridge_customization_role as r')
      .select('r.revision')
      .where('r.role', 'in', roles)
      .where((eb) =>
        eb(
          'r.revision',
          '=',
          eb
            .selectFrom('bridge_customization_role as newest')
            .select((inner) => inner.fn.max('newest.revision').as('revision'))
            .whereRef('newest.role', '=', 'r.role'),
        ),
      )
      .orderBy('r.priority', 'desc')
      .orderBy('r.revision', 'desc')
      .limit(1)
      .executeTakeFirst();
    return best && this.get(Number(best.revision));
  }
}

function toCustomization(row: Selectable<CustomizationTable>, roles: readonly Selectable<CustomizationRoleTable>[]): StoredCustomization {
  return {
    revision: Number(row.revision),
    version: row.version,
    content: fromJsonText(row.content),
    partHashes: { entities: row.entities_hash, settings: row.settings_hash, blobStoreFilter: row.blob_store_filter_hash },
    roles: roles.map((r) => ({ role: r.role, priority: Number(r.priority) })),
    ...(row.min_app_version !== null && { minAppVersion: row.min_app_version }),
    settingsReadOnly: toBoolean(row.settings_read_only),
    ...(row.comment !== null && { comment: row.comment }),
    publishedAt: row.published_at,
    publishedBy: row.published_by,
  };
}
