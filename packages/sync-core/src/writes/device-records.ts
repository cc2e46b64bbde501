import { randomUUID } from '../ids/random-uuid';
import type { PermissionSet, WhoAmI } from '@fieldsync/connector-api';
import {
  normalizeFieldValues,
  recordToRow,
  rowToFields,
  validateFieldValues,
  type Clock,
  type CrmRecord,
  type EntitySchema,
  type FieldValues,
} from '@fieldsync/model';
import { appendChange, readChanges, removeChanges } from '../changes/change-log';
import { EntityNotSyncedError, LocalPermissionError, LocalRecordNotFoundError, LocalValidationError } from '../errors/sync-core-errors';
import type { LocalDb, LocalExecutor } from '../local-store/local-db';
import type { LocalSchema } from '../local-store/local-schema';
import { SYSTEM_TABLES, VERSION_COLUMN } from '../local-store/system-tables';
import { checkLocalWrite } from './permission-check';
import type { WriteGate } from './write-gate';

/** What the local record API needs from the engine, read fresh on every call. */
export interface DeviceRecordsContext {
  readonly db: LocalDb;
  readonly gate: WriteGate;
  readonly clock: Clock;
  /** The device's schema, permissions and user; throws `DeviceNotInitializedError` before the first sync. */
  state(): Promise<{ local: LocalSchema; permissions: PermissionSet; whoAmI: WhoAmI }>;
  /** Throws when local reads and writes are refused (a locked device). */
  assertUsable(): Promise<void>;
}

/** Options of {@link DeviceRecords.list}. */
export interface ListRecordsOptions {
  /** @default 100 */
  readonly limit?: number;
  /** @default 0 */
  readonly offset?: number;
}

/**
 * The app's own reads and writes of synchronised records. Every write checks privileges and field
 * values first, then changes the record and appends its change to the change log in one transaction;
 * the change goes up with the next sync (a sync already running leaves it for the next one).
 */
export class DeviceRecords {
  constructor(private readonly context: DeviceRecordsContext) {}

  /** One record, or undefined when it is not on the device. */
  async get(entity: string, id: string): Promise<CrmRecord | undefined> {
    await this.context.assertUsable();
    const schema = await this.entity(entity);
    const row = await this.context.db.selectFrom(entity).selectAll().where(schema.primaryKey, '=', id).executeTakeFirst();
    return row ? toRecord(schema, row) : undefined;
  }

  /** Records of an entity in primary-key order. */
  async list(entity: string, options: ListRecordsOptions = {}): Promise<CrmRecord[]> {
    await this.context.assertUsable();
    const schema = await this.entity(entity);
    const rows = await this.context.db
      .selectFrom(entity)
      .selectAll()
      .orderBy(schema.primaryKey)
      .limit(options.limit ?? 100)
      .offset(options.offset ?? 0)
      .execute();
    return rows.map((row) => toRecord(schema, row));
  }

  /**
   * Creates a record on the device and queues its upload; returns its id (a new GUID unless given).
   * Throws `LocalValidationError` (every problem with its path) or `LocalPermissionError`.
   */
  async create(entity: string, fields: Readonly<Record<string, unknown>>, options: { id?: string } = {}): Promise<string> {
    await this.context.assertUsable();
    const { local, permissions, whoAmI } = await this.context.state();
    const schema = entitySchema(local, entity);
    const id = options.id ?? randomUUID();
    const issues = validateFieldValues(schema, { [schema.primaryKey]: id, ...fields }, { mode: 'create' });
    if (Object.prototype.hasOwnProperty.call(fields, schema.primaryKey) && fields[schema.primaryKey] !== id) {
      issues.push({ path: `fields.${schema.primaryKey}`, message: 'the primary key is given by the id option, not as a field' });
    }
    if (issues.length > 0) throw new LocalValidationError(entity, issues);
    const values = { ...normalizeFieldValues(schema, fields) };
    delete values[schema.primaryKey];
    if (schema.fields.some((field) => field.name === 'ownerid') && values.ownerid === undefined) {
      values.ownerid = { entity: 'systemuser', id: whoAmI.userId };
    }
    checkLocalWrite({ permissions, whoAmI, entity: schema, privilege: 'create', fields: values });
    await this.write(async (trx) => {
      await trx
        .insertInto(entity)
        .values({ ...recordToRow(schema, values), [schema.primaryKey]: id })
        .execute();
      await appendChange(trx, { entity, recordId: id, kind: 'create', fields: values, now: this.context.clock.now() });
    });
    return id;
  }

  /** Changes fields of a record on the device and queues the update. Throws like {@link create}, or `LocalRecordNotFoundError`. */
  async update(entity: string, id: string, fields: Readonly<Record<string, unknown>>): Promise<void> {
    await this.context.assertUsable();
    const { local, permissions, whoAmI } = await this.context.state();
    const schema = entitySchema(local, entity);
    const issues = validateFieldValues(schema, fields, { mode: 'update' });
    if (Object.prototype.hasOwnProperty.call(fields, schema.primaryKey)) {
      issues.push({ path: `fields.${schema.primaryKey}`, message: 'the primary key cannot be changed' });
    }
    if (issues.length > 0) throw new LocalValidationError(entity, issues);
    const values = normalizeFieldValues(schema, fields);
    await this.write(async (trx) => {
      const row = await this.requireRow(trx, schema, id);
      checkLocalWrite({ permissions, whoAmI, entity: schema, privilege: 'write', fields: values, ownerId: ownerOf(row) });
      await keepShadow(trx, schema, row);
      await trx.updateTable(entity).set(recordToRow(schema, values)).where(schema.primaryKey, '=', id).execute();
      await appendChange(trx, { entity, recordId: id, kind: 'update', fields: values, now: this.context.clock.now() });
    });
  }

  /**
   * Deletes a record on the device and queues the delete. A record created on the device and never
   * sent simply disappears with its queued changes.
   */
  async delete(entity: string, id: string): Promise<void> {
    await this.context.assertUsable();
    const { local, permissions, whoAmI } = await this.context.state();
    const schema = entitySchema(local, entity);
    await this.write(async (trx) => {
      const row = await this.requireRow(trx, schema, id);
      checkLocalWrite({ permissions, whoAmI, entity: schema, privilege: 'delete', ownerId: ownerOf(row) });
      await keepShadow(trx, schema, row);
      await trx.deleteFrom(entity).where(schema.primaryKey, '=', id).execute();
      const queued = await readChanges(trx, { entity, recordId: id });
      const neverSent = queued.length > 0 && queued[0].kind === 'create' && queued.every((change) => change.sentKey === null);
      if (neverSent) {
        await removeChanges(
          trx,
          queued.map((change) => change.seq),
        );
        await trx.deleteFrom(SYSTEM_TABLES.shadow).where('entity', '=', entity).where('record_id', '=', id).execute();
      } else {
        await appendChange(trx, { entity, recordId: id, kind: 'delete', now: this.context.clock.now() });
      }
    });
  }

  /** Changes a record's state and status (complete a task, close a quote); uploaded in the second pass. */
  async setState(entity: string, id: string, state: number, status: number): Promise<void> {
    await this.context.assertUsable();
    const { local, permissions, whoAmI } = await this.context.state();
    const schema = entitySchema(local, entity);
    const stateField = schema.fields.find((field) => field.type === 'state');
    const statusField = schema.fields.find((field) => field.type === 'status');
    if (!stateField || !statusField) {
      throw new LocalValidationError(entity, [{ path: 'state', message: `${entity} has no state and status fields on this device` }]);
    }
    const values = { [stateField.name]: state, [statusField.name]: status };
    const issues = validateFieldValues(schema, values, { mode: 'update', allowReadOnly: true });
    if (issues.length > 0) throw new LocalValidationError(entity, issues);
    await this.write(async (trx) => {
      const row = await this.requireRow(trx, schema, id);
      checkLocalWrite({ permissions, whoAmI, entity: schema, privilege: 'write', ownerId: ownerOf(row) });
      await keepShadow(trx, schema, row);
      await trx.updateTable(entity).set(recordToRow(schema, values)).where(schema.primaryKey, '=', id).execute();
      await appendChange(trx, { entity, recordId: id, kind: 'setState', fields: { state, status }, now: this.context.clock.now() });
    });
  }

  /**
   * Links two records through an N:N relationship (a synchronised intersect entity) on the device and
   * queues the association; returns the id of the link row. Needs Append on `entity` and AppendTo on
   * `relatedEntity`. Linking records already linked does nothing.
   */
  async associate(relationship: string, entity: string, id: string, relatedEntity: string, relatedId: string): Promise<string> {
    return this.link('associate', relationship, entity, id, relatedEntity, relatedId);
  }

  /** Removes the link between two records on the device and queues the disassociation. */
  async disassociate(relationship: string, entity: string, id: string, relatedEntity: string, relatedId: string): Promise<string> {
    return this.link('disassociate', relationship, entity, id, relatedEntity, relatedId);
  }

  private async link(
    kind: 'associate' | 'disassociate',
    relationship: string,
    entity: string,
    id: string,
    relatedEntity: string,
    relatedId: string,
  ): Promise<string> {
    await this.context.assertUsable();
    const { local, permissions } = await this.context.state();
    const schema = entitySchema(local, relationship);
    const lookups = schema.fields.filter((field) => field.type === 'lookup');
    const from = lookups.find((field) => (field.targets ?? []).includes(entity));
    const to = lookups.find((field) => field !== from && (field.targets ?? []).includes(relatedEntity));
    if (schema.kind !== 'intersect' || !from || !to) {
      throw new LocalValidationError(relationship, [
        { path: 'relationship', message: `'${relationship}' is not a relationship between ${entity} and ${relatedEntity}` },
      ]);
    }
    if ((permissions.entities[entity]?.append ?? 'none') === 'none')
      throw new LocalPermissionError(entity, 'append', `${entity}: you have no append privilege to link its records`);
    if ((permissions.entities[relatedEntity]?.appendTo ?? 'none') === 'none')
      throw new LocalPermissionError(relatedEntity, 'appendTo', `${relatedEntity}: you have no append-to privilege to link its records`);
    let linkId = '';
    await this.write(async (trx) => {
      await this.requireRow(trx, entitySchema(local, entity), id);
      await this.requireRow(trx, entitySchema(local, relatedEntity), relatedId);
      const existing = await trx.selectFrom(relationship).select(schema.primaryKey).where(from.name, '=', id).where(to.name, '=', relatedId).executeTakeFirst();
      if (kind === 'associate') {
        if (existing) {
          linkId = String(existing[schema.primaryKey]);
          return;
        }
        linkId = randomUUID();
        const values = { [from.name]: { entity, id }, [to.name]: { entity: relatedEntity, id: relatedId } };
        await trx
          .insertInto(relationship)
          .values({ ...recordToRow(schema, values), [schema.primaryKey]: linkId })
          .execute();
      } else {
        if (!existing) throw new LocalRecordNotFoundError(relationship, `${id}/${relatedId}`);
        linkId = String(existing[schema.primaryKey]);
        await trx.deleteFrom(relationship).where(schema.primaryKey, '=', linkId).execute();
      }
      await appendChange(trx, {
        entity: relationship,
        recordId: linkId,
        kind,
        fields: { entity, id, relatedEntity, relatedId },
        now: this.context.clock.now(),
      });
    });
    return linkId;
  }

  private async entity(entity: string): Promise<EntitySchema> {
    return entitySchema((await this.context.state()).local, entity);
  }

  private async requireRow(trx: LocalExecutor, schema: EntitySchema, id: string): Promise<Record<string, unknown>> {
    const row = await trx.selectFrom(schema.name).selectAll().where(schema.primaryKey, '=', id).executeTakeFirst();
    if (!row) throw new LocalRecordNotFoundError(schema.name, id);
    return row as Record<string, unknown>;
  }

  private write(work: (trx: LocalExecutor) => Promise<void>): Promise<void> {
    return this.context.gate.enter((started) =>
      this.context.db.transaction().execute(async (trx) => {
        started();
        await work(trx);
      }),
    );
  }
}

function entitySchema(local: LocalSchema, entity: string): EntitySchema {
  const found = local.entities.get(entity);
  if (!found) throw new EntityNotSyncedError(entity);
  return found.schema;
}

function ownerOf(row: Record<string, unknown>): string | null {
  return typeof row.ownerid === 'string' ? row.ownerid : null;
}

/** A device record: its fields and the server version it was last synced at. */
export function toRecord(schema: EntitySchema, row: Record<string, unknown>): CrmRecord {
  const fields = rowToFields(schema, row);
  const id = String(row[schema.primaryKey]);
  const version = row[VERSION_COLUMN];
  return typeof version === 'string' ? { entity: schema.name, id, version, fields } : { entity: schema.name, id, fields };
}

/** Keeps the record as last synced (the field-merge base) the first time the device changes it. */
async function keepShadow(trx: LocalExecutor, schema: EntitySchema, row: Record<string, unknown>): Promise<void> {
  const version = row[VERSION_COLUMN];
  if (typeof version !== 'string') return;
  const fields: FieldValues = rowToFields(schema, row);
  await trx
    .insertInto(SYSTEM_TABLES.shadow)
    .values({ entity: schema.name, record_id: String(row[schema.primaryKey]), version, fields: JSON.stringify(fields) })
    .onConflict((oc) => oc.columns(['entity', 'record_id']).doNothing())
    .execute();
}
