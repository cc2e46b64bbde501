import { performance } from 'node:perf_hooks';
import { openCrmStore, type StoreEntityPrivileges } from '@fieldsync/crm-store';
import type { EntitySchema, FieldValues, Schema } from '@fieldsync/model';
import { generateBenchRows } from './generate-bench-rows';

/** The password of the sync benchmarks' users. */
export const SYNC_BENCH_PASSWORD = 'bench';

/** The user the benchmark devices sign in as: organization-wide privileges on every entity. */
export const SYNC_BENCH_USER = 'alice';

/** The security role of the sync benchmarks' user (organization-wide privileges on every entity). */
export const SYNC_BENCH_ROLE = 'bench syncer';

/** Rows per `insertMany` call while seeding: large tables are generated chunk by chunk to keep memory flat. */
const SEED_CHUNK = 50_000;

/** Makes one chunk of rows of an entity (no owner); `idsOf` answers ids seeded earlier for lookups. */
export type BenchRowSource = (
  entity: EntitySchema,
  count: number,
  chunk: { seed: number; offset: number; idsOf: (entity: string) => readonly string[] },
) => FieldValues[];

/** What {@link seedSyncServer} builds. */
export interface SyncServerPlan {
  readonly file: string;
  readonly schema: Schema;
  /** Records per entity (absent: none). */
  readonly counts: Readonly<Record<string, number>>;
  /** @default generateBenchRows */
  readonly rows?: BenchRowSource;
  readonly log: (line: string) => void;
}

/** What was seeded. */
export interface SeededSyncServer {
  readonly records: number;
  /** Seeding rate through `insertMany`, records/s. */
  readonly recordsPerSecond: number;
  readonly userIds: { readonly alice: string; readonly bob: string };
}

const everything: StoreEntityPrivileges = {
  create: 'organization',
  read: 'organization',
  write: 'organization',
  delete: 'organization',
  append: 'organization',
  appendTo: 'organization',
};

/**
 * Creates a crm-store file with `schema`, alice (organization-wide privileges on every entity, the
 * user that syncs) and bob, and seeds the records, half owned by each, in chunks of 50,000 rows. The
 * store is closed again, so child processes can open it.
 */
export async function seedSyncServer(plan: SyncServerPlan): Promise<SeededSyncServer> {
  const store = await openCrmStore({ file: plan.file });
  try {
    await store.applySchema(plan.schema);
    const unit = await store.createBusinessUnit({ name: 'bench' });
    const role = await store.createSecurityRole({
      name: SYNC_BENCH_ROLE,
      privileges: Object.fromEntries(plan.schema.entities.map((entity) => [entity.name, everything])),
    });
    const alice = await store.createUser({ userName: SYNC_BENCH_USER, fullName: 'Alice', password: SYNC_BENCH_PASSWORD, businessUnitId: unit });
    const bob = await store.createUser({ userName: 'bob', fullName: 'Bob', password: SYNC_BENCH_PASSWORD, businessUnitId: unit });
    await store.assignRole(alice, role);

    // Ids are kept only for entities another entity's lookup points at.
    const targets = new Set(
      plan.schema.entities.flatMap((entity) =>
        entity.fields.flatMap((field) => (field.type === 'lookup' ? (field.targets ?? []).filter((t) => t !== entity.name) : [])),
      ),
    );
    const kept = new Map<string, string[]>();
    const idsOf = (entity: string) => kept.get(entity) ?? [];
    const source = plan.rows ?? ((entity, count, chunk) => generateBenchRows(entity, count, chunk));
    let records = 0;
    let seedMs = 0;
    for (const entity of plan.schema.entities) {
      const count = plan.counts[entity.name] ?? 0;
      for (let offset = 0, chunk = 0; offset < count; offset += SEED_CHUNK, chunk++) {
        const rows = source(entity, Math.min(SEED_CHUNK, count - offset), { seed: 1 + chunk, offset, idsOf });
        const half = Math.ceil(rows.length / 2);
        const started = performance.now();
        const ids = [
          ...(await store.insertMany(entity.name, rows.slice(0, half), { ownerId: alice })),
          ...(await store.insertMany(entity.name, rows.slice(half), { ownerId: bob })),
        ];
        seedMs += performance.now() - started;
        records += rows.length;
        if (targets.has(entity.name)) kept.set(entity.name, [...idsOf(entity.name), ...ids]);
      }
    }
    const recordsPerSecond = seedMs > 0 ? (records * 1000) / seedMs : 0;
    plan.log(`  seeded ${records} records in ${(seedMs / 1000).toFixed(1)} s (${Math.round(recordsPerSecond)} records/s)`);
    return { records, recordsPerSecond, userIds: { alice, bob } };
  } finally {
    await store.close();
  }
}
