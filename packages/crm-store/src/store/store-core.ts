import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import {
  canonicalDateTime,
  getEntity,
  rowToFields,
  type Clock,
  type CrmRecord,
  type EntitySchema,
  type FieldSchema,
  type FieldValues,
  type Schema,
} from '@fieldsync/model';
import { SecurityCache } from '../access/security-cache';
import type { ServerRule } from '../rules/server-rule';

/** The store's database handle: tables are made at run time from the schema, so it is untyped. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StoreDb = Kysely<any>;
/** The database or a transaction on it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StoreExecutor = Kysely<any> | Transaction<any>;

/** Settings of an open store, resolved from the options. */
export interface StoreSettings {
  readonly file: string;
  readonly tokenTtlMs: number;
  readonly refreshTtlMs: number;
  readonly historyRetentionMs: number;
  readonly dailyApiLimit: number;
  readonly rules: readonly ServerRule[];
}

/** System columns every entity table has besides its fields. */
export const VERSION_COLUMN = 'versionnumber';
export const OWNING_BU_COLUMN = 'owningbusinessunit';

/** The state shared by the store's parts: database, schema, clock, settings and counters. */
export class StoreCore {
  schema: Schema = { entities: [] };
  readonly metrics = { recordsSent: 0, reads: 0, writes: 0 };
  readonly apiCalls = new Map<string, { day: number; used: number }>();
  /** Principals and permissions per security stamp. */
  readonly security = new SecurityCache();

  constructor(
    readonly db: StoreDb,
    readonly clock: Clock,
    readonly settings: StoreSettings,
  ) {}

  entity(name: string): EntitySchema {
    return getEntity(this.schema, name);
  }

  /** The entity's owner field (type `owner`), if it is user-owned. */
  ownerField(entity: EntitySchema): FieldSchema | undefined {
    return entity.fields.find((f) => f.type === 'owner');
  }

  nowIso(): string {
    return canonicalDateTime(new Date(this.clock.now()).toISOString());
  }

  /** Reserves `count` versions from the global counter; answers the first. Call inside the write's transaction. */
  async reserveVersions(executor: StoreExecutor, count = 1): Promise<number> {
    const result = await sql<{ version: number }>`update fs_counter set version = version + ${count} where id = 1 returning version`.execute(executor);
    return result.rows[0].version - count + 1;
  }

  async currentVersion(executor: StoreExecutor = this.db): Promise<number> {
    const result = await sql<{ version: number }>`select version from fs_counter where id = 1`.execute(executor);
    return result.rows[0]?.version ?? 0;
  }

  async watermark(executor: StoreExecutor = this.db): Promise<number> {
    const result = await sql<{ value: string }>`select value from fs_meta where key = 'watermark'`.execute(executor);
    return result.rows[0] ? Number(result.rows[0].value) : 0;
  }

  async getRow(executor: StoreExecutor, entity: EntitySchema, id: string): Promise<Record<string, unknown> | undefined> {
    return executor.selectFrom(entity.name).selectAll().where(entity.primaryKey, '=', id).executeTakeFirst();
  }

  /** A row as a record (every field), with its version as text. */
  toRecord(entity: EntitySchema, row: Record<string, unknown>): CrmRecord {
    const fields = rowToFields(entity, row) as FieldValues;
    return { entity: entity.name, id: String(row[entity.primaryKey]), version: String(row[VERSION_COLUMN]), fields };
  }

  /** Rules that apply to the current schema. */
  activeRules(): ServerRule[] {
    return this.settings.rules.filter((rule) => rule.appliesTo(this.schema));
  }

  /** Counts one API call of `userId` in the current day (by the clock); answers the usage after it. */
  countApiCall(userId: string): { used: number; limit: number } {
    const day = Math.floor(this.clock.now() / 86_400_000);
    const entry = this.apiCalls.get(userId);
    const used = entry && entry.day === day ? entry.used + 1 : 1;
    this.apiCalls.set(userId, { day, used });
    return { used, limit: this.settings.dailyApiLimit };
  }

  newId(): string {
    return randomUUID();
  }
}
