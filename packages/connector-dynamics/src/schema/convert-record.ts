import { ContractViolationError } from '@fieldsync/connector-api';
import {
  canonicalDateTime,
  isEntityReference,
  isReferenceType,
  UnknownFieldError,
  unhandledValueKind,
  valueKindOf,
  type CrmRecord,
  type FieldSchema,
  type FieldValue,
  type FieldValues,
} from '@fieldsync/model';
import type { EntityMapping } from './entity-mapping';

/** A record as the Web API answers it: properties by name, `_x_value` for lookups, annotations with `@`. */
export type DataverseRecord = Readonly<Record<string, unknown>>;

/** The annotation that names a polymorphic lookup's target entity. */
export const LOOKUP_LOGICAL_NAME = 'Microsoft.Dynamics.CRM.lookuplogicalname';

/** The Web API property a field is read from: `_x_value` for lookups, the name otherwise. */
export function readProperty(field: FieldSchema): string {
  return isReferenceType(field.type) ? `_${field.name}_value` : field.name;
}

/** The `$select` list for the wanted fields (all when absent), always with the primary key. Throws `UnknownFieldError`. */
export function selectList(mapping: EntityMapping, fields: readonly string[] | undefined, extra: readonly string[] = []): string[] {
  const byName = new Map(mapping.entity.fields.map((field) => [field.name, field]));
  const wanted = fields ?? mapping.entity.fields.map((field) => field.name);
  const select = new Set([mapping.entity.primaryKey, ...extra]);
  wanted.forEach((name, index) => {
    const field = byName.get(name);
    if (!field) throw new UnknownFieldError(mapping.entity.name, name, `fields[${index}]`);
    select.add(readProperty(field));
  });
  return [...select];
}

/** How one field is read: its property and, for lookups, the annotation naming the target. Made once per mapping. */
interface FieldReader {
  readonly field: FieldSchema;
  readonly property: string;
  readonly annotation?: string;
}

const readersByMapping = new WeakMap<EntityMapping, readonly FieldReader[]>();

function readersOf(mapping: EntityMapping): readonly FieldReader[] {
  let readers = readersByMapping.get(mapping);
  if (!readers) {
    readers = mapping.entity.fields.map((field) => {
      const property = readProperty(field);
      return isReferenceType(field.type) ? { field, property, annotation: `${property}@${LOOKUP_LOGICAL_NAME}` } : { field, property };
    });
    readersByMapping.set(mapping, readers);
  }
  return readers;
}

function wrongType(reader: FieldReader, value: unknown, at: string): never {
  throw new ContractViolationError(`'${reader.property}' holds ${JSON.stringify(value)}, not a ${reader.field.type}`, at);
}

function readValue(reader: FieldReader, raw: DataverseRecord, at: string): FieldValue {
  const { field } = reader;
  const value = raw[reader.property];
  if (value === null || value === undefined) return null;
  const kind = valueKindOf(field.type);
  switch (kind) {
    case 'reference': {
      if (typeof value !== 'string') return wrongType(reader, value, `${at}.${field.name}`);
      const named = raw[reader.annotation as string];
      const entity = typeof named === 'string' ? named : (field.targets?.[0] ?? '');
      return { entity, id: value.toLowerCase() };
    }
    case 'whole-number':
    case 'number':
      return typeof value === 'number' ? value : wrongType(reader, value, `${at}.${field.name}`);
    case 'boolean':
      return typeof value === 'boolean' ? value : wrongType(reader, value, `${at}.${field.name}`);
    case 'date-time':
      return typeof value === 'string' ? canonicalDateTime(value) : wrongType(reader, value, `${at}.${field.name}`);
    case 'date':
      return typeof value === 'string' ? value.slice(0, 10) : wrongType(reader, value, `${at}.${field.name}`);
    case 'text':
      return typeof value === 'string' ? value : wrongType(reader, value, `${at}.${field.name}`);
    default:
      return unhandledValueKind(kind);
  }
}

/**
 * A Web API record as a model {@link CrmRecord}: values by the entity's field types, lookups from
 * `_x_value` and their target from the `lookuplogicalname` annotation (else the only target), the
 * version from `@odata.etag`. Only `wanted` fields (all when absent). Throws `ContractViolationError`
 * at `at` when the primary key is missing or a value has the wrong type.
 */
export function toCrmRecord(raw: DataverseRecord, mapping: EntityMapping, at: string, wanted?: ReadonlySet<string>): CrmRecord {
  const key = mapping.entity.primaryKey;
  const id = raw[key];
  if (typeof id !== 'string' || id.length === 0) throw new ContractViolationError(`the record has no '${key}'`, at);
  const lowerId = id.toLowerCase();
  const fields: Record<string, FieldValue> = {};
  for (const reader of readersOf(mapping)) {
    const name = reader.field.name;
    if (name === key) {
      fields[name] = lowerId;
      continue;
    }
    if (wanted !== undefined && !wanted.has(name)) continue;
    if (!(reader.property in raw)) continue;
    fields[name] = readValue(reader, raw, at);
  }
  const etag = raw['@odata.etag'];
  return { entity: mapping.entity.name, id: lowerId, ...(typeof etag === 'string' ? { version: etag } : {}), fields };
}

/** A write refused before sending: an unknown field, a lookup to an entity it cannot point at. */
export class WriteValueError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Model field values as a Web API body: plain properties by name, lookups as
 * `x@odata.bind: "/accounts(id)"` (`x_account@odata.bind` for a lookup with several targets), or as a
 * `$n` Content-ID reference when `reference` names one for the target id. Throws {@link WriteValueError}.
 */
export function toDataverseBody(
  values: FieldValues,
  mapping: EntityMapping,
  entitySetOf: (entity: string) => string,
  allowed: ReadonlySet<string>,
  reference?: (id: string) => string | undefined,
): Record<string, unknown> {
  const byName = new Map(mapping.entity.fields.map((field) => [field.name, field]));
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const field = byName.get(name);
    if (!field) throw new WriteValueError(name, new UnknownFieldError(mapping.entity.name, name, `fields.${name}`).message);
    if (!allowed.has(name) && name !== mapping.entity.primaryKey)
      throw new WriteValueError(name, `field '${name}' of ${mapping.entity.name} cannot be written`);
    if (!isReferenceType(field.type)) {
      body[name] = value;
      continue;
    }
    const targets = field.targets ?? [];
    const polymorphic = field.type === 'lookup' && targets.length > 1;
    if (value === null) {
      // Clearing a polymorphic lookup through one of its navigation properties clears the lookup.
      body[`${polymorphic ? `${name}_${targets[0]}` : name}@odata.bind`] = null;
      continue;
    }
    if (!isEntityReference(value)) throw new WriteValueError(name, `field '${name}' takes an entity reference`);
    if (targets.length > 0 && !targets.includes(value.entity)) throw new WriteValueError(name, `field '${name}' cannot point at a ${value.entity}`);
    const navigation = polymorphic ? `${name}_${value.entity}` : name;
    body[`${navigation}@odata.bind`] = reference?.(value.id) ?? `/${entitySetOf(value.entity)}(${value.id})`;
  }
  return body;
}
