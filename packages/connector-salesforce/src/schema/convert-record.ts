import { ContractViolationError } from '@fieldsync/connector-api';
import {
  canonicalDateTime,
  isEntityReference,
  parseIsoDateTime,
  unhandledValueKind,
  valueKindOf,
  type CrmRecord,
  type FieldType,
  type FieldValue,
  type FieldValues,
} from '@fieldsync/model';
import type { SObjectMapping } from './sobject-mapping';

/** A record as the REST API answers it. */
export type SalesforceRecord = Readonly<Record<string, unknown>> & { readonly attributes?: { readonly type?: string; readonly url?: string } };

/** Finds the model entity of a referenced id (by its key prefix) among a field's targets. */
export type ReferenceResolver = (id: string, targets: readonly string[]) => string;

/** Salesforce answers `2026-11-22T09:30:00.000+0000`; the model keeps `2026-11-22T09:30:00.000Z`. */
export function canonicalInstant(value: string): string {
  return canonicalDateTime(value);
}

function fromApi(value: unknown, type: FieldType, targets: readonly string[], resolve: ReferenceResolver, at: string): FieldValue {
  if (value === null || value === undefined) return null;
  const kind = valueKindOf(type);
  switch (kind) {
    case 'reference':
      if (typeof value !== 'string') throw new ContractViolationError('a reference is not an id', at);
      return { entity: resolve(value, targets), id: value };
    case 'date-time':
      if (typeof value !== 'string' || parseIsoDateTime(value) === undefined) throw new ContractViolationError(`not a datetime: ${JSON.stringify(value)}`, at);
      return canonicalInstant(value);
    case 'whole-number':
    case 'number':
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
      throw new ContractViolationError(`not a number: ${JSON.stringify(value)}`, at);
    case 'boolean':
      if (typeof value !== 'boolean') throw new ContractViolationError(`not a boolean: ${JSON.stringify(value)}`, at);
      return value;
    case 'text':
    case 'date':
      if (typeof value === 'object') throw new ContractViolationError('a text field holds an object', at);
      return String(value);
    default:
      return unhandledValueKind(kind);
  }
}

/**
 * Turns one REST record into a model record of `mapping.entity`: model field names (only those in
 * `wanted`, when given), references as `{ entity, id }`, instants canonical, and SystemModstamp as the version. Throws
 * `ContractViolationError` for a record without Id or SystemModstamp, of another sObject, or with a
 * value of the wrong type.
 */
export function toCrmRecord(raw: SalesforceRecord, mapping: SObjectMapping, resolve: ReferenceResolver, at: string, wanted?: ReadonlySet<string>): CrmRecord {
  if (typeof raw !== 'object' || raw === null) throw new ContractViolationError('not a record', at);
  const type = raw.attributes?.type;
  if (type !== undefined && type !== mapping.sObject) throw new ContractViolationError(`a ${String(type)} record in a ${mapping.sObject} page`, at);
  const id = raw.Id;
  if (typeof id !== 'string' || id.length === 0) throw new ContractViolationError('Id is missing', at);
  const stamp = raw.SystemModstamp;
  if (typeof stamp !== 'string' || parseIsoDateTime(stamp) === undefined) throw new ContractViolationError('SystemModstamp is missing', at);
  const fields: Record<string, FieldValue> = {};
  for (const [apiName, value] of Object.entries(raw)) {
    if (apiName === 'attributes') continue;
    const name = mapping.byApiName.get(apiName);
    // SystemModstamp is always selected for the version; it is a field of the record only when asked for.
    if (name === undefined || (wanted !== undefined && !wanted.has(name))) continue;
    const field = mapping.fields.get(name);
    if (!field) continue;
    fields[name] = fromApi(value, field.schema.type, field.schema.targets ?? [], resolve, `${at}.${apiName}`);
  }
  fields[mapping.entity.primaryKey] = id;
  return { entity: mapping.entity.name, id, version: canonicalInstant(stamp), fields };
}

/**
 * Turns model field values into the body of a create or update: API names, references as ids.
 * Throws `TypeError` naming a field the entity does not have or one that may not be written.
 */
export function toApiFields(values: FieldValues, mapping: SObjectMapping, mode: 'create' | 'update'): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    if (name === mapping.entity.primaryKey) continue;
    const field = mapping.fields.get(name);
    if (!field) throw new TypeError(`unknown field '${name}' of ${mapping.entity.name}`);
    if (mode === 'create' ? !field.createable : !field.updateable) {
      // Server-computed fields travel back in records; a client sending them back is not an error.
      continue;
    }
    body[field.apiName] = isEntityReference(value) ? value.id : value;
  }
  return body;
}
