import type { CrmRecord, EntitySchema, FieldSchema } from '@fieldsync/model';
import { isEntityReference } from '@fieldsync/model';
import { EntityCatalog, type CatalogEntity } from '../naming/entity-catalog';
import { DATAVERSE_ERROR_CODES, DataverseApiError, queryError } from './dataverse-api-error';
import type { EmulatorContext, RequestUser } from './emulator-context';
import { recordToRow } from './record-json';
import type { IncludedAnnotations } from './prefer-header';
import { VERSION_NUMBER, versionNumberField } from './row-version';

/** The fields of `$select` (the primary key always included), or every field; 400 for an unknown name. */
export function selectedFields(entity: EntitySchema, select: string | null, catalog: EntityCatalog): FieldSchema[] | undefined {
  if (select === null) return undefined;
  const fields: FieldSchema[] = [];
  for (const name of select
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const field =
      name === VERSION_NUMBER
        ? versionNumberField
        : (catalog.structuralField(entity, name) ?? (name === entity.primaryKey ? entity.fields.find((f) => f.name === name) : undefined));
    if (!field) throw queryError(`Could not find a property named '${name}' on type 'Microsoft.Dynamics.CRM.${entity.name}'.`);
    if (!fields.includes(field)) fields.push(field);
  }
  const key = entity.fields.find((f) => f.name === entity.primaryKey);
  if (key && !fields.includes(key)) fields.unshift(key);
  return fields;
}

/** The crm-store fields of a `$select` (the row version is not one). */
export function storeFieldNames(fields: readonly FieldSchema[]): string[] {
  return fields.filter((field) => field !== versionNumberField).map((field) => field.name);
}

/** The record of that id if the user may read it (sharing enforced by the store), with the selected fields. */
export async function findVisible(
  context: EmulatorContext,
  user: RequestUser,
  entity: EntitySchema,
  id: string,
  fields?: readonly FieldSchema[],
): Promise<CrmRecord | undefined> {
  const page = await context.store.readFull(user.principal, {
    entity: entity.name,
    filter: { kind: 'condition', field: entity.primaryKey, operator: 'eq', value: id },
    ...(fields ? { fields: storeFieldNames(fields) } : {}),
    limit: 1,
  });
  return page.records[0];
}

/** A display-name lookup for the formatted values of lookups in `records` (one store read per referenced record). */
async function lookupNames(context: EmulatorContext, records: readonly CrmRecord[]): Promise<(entity: string, id: string) => string | undefined> {
  const names = new Map<string, string | undefined>();
  const users = new Map((await context.store.listUsers()).map((u) => [u.id, u.fullName]));
  for (const record of records) {
    for (const value of Object.values(record.fields)) {
      if (!isEntityReference(value)) continue;
      const key = `${value.entity}:${value.id}`;
      if (names.has(key)) continue;
      if (value.entity === 'systemuser') {
        names.set(key, users.get(value.id));
        continue;
      }
      const target = context.catalog().byName(value.entity)?.entity;
      const parent = target ? await context.store.getAsSystem(value.entity, value.id) : undefined;
      const name = target?.primaryName ? parent?.fields[target.primaryName] : undefined;
      names.set(key, typeof name === 'string' ? name : undefined);
    }
  }
  return (entity, id) => names.get(`${entity}:${id}`);
}

/** The rows of records in the Web API shape. */
export async function rowsOf(
  context: EmulatorContext,
  entity: EntitySchema,
  records: readonly CrmRecord[],
  fields: readonly FieldSchema[] | undefined,
  annotations: IncludedAnnotations,
): Promise<Record<string, unknown>[]> {
  // Display names of referenced records are looked up only for formatted values.
  const nameOf = annotations.formattedValues ? await lookupNames(context, records) : undefined;
  return records.map((record) => recordToRow(entity, record, { ...(fields ? { fields } : {}), annotations, ...(nameOf ? { nameOf } : {}) }));
}

/** The `@odata.context` fragment of a set and its selected properties: `accounts(name,revenue)`. */
export function contextFragment(set: CatalogEntity, fields: readonly FieldSchema[] | undefined): string {
  return fields ? `${set.entitySetName}(${fields.map((f) => EntityCatalog.propertyName(f)).join(',')})` : set.entitySetName;
}

/** 404 `0x80040217` "account With Id = … Does Not Exist". */
export function recordNotFound(entity: EntitySchema, id: string): DataverseApiError {
  return new DataverseApiError(404, DATAVERSE_ERROR_CODES.objectNotFound, `${entity.name} With Id = ${id} Does Not Exist`);
}
