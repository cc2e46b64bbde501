import type { CrmRecord, EntitySchema, FieldSchema, FieldValue, FieldValues } from '@fieldsync/model';
import { isEntityReference, isOptionType, isReferenceType, unhandledValueKind, valueKindOf } from '@fieldsync/model';
import { EntityCatalog, lookupTargets } from '../naming/entity-catalog';
import { DATAVERSE_ERROR_CODES, DataverseApiError, queryError } from './dataverse-api-error';
import type { IncludedAnnotations } from './prefer-header';
import { VERSION_NUMBER, versionNumberField, versionNumberOf } from './row-version';

/** The annotation names Dataverse adds to a lookup or formatted value. */
export const ANNOTATIONS = {
  formattedValue: 'OData.Community.Display.V1.FormattedValue',
  lookupLogicalName: 'Microsoft.Dynamics.CRM.lookuplogicalname',
} as const;

/** How a row is written: which fields, with or without annotations, and how to name a lookup's target. */
export interface RowFormat {
  /** Fields to write; absent: every field the record carries. */
  readonly fields?: readonly FieldSchema[];
  /** The annotations `Prefer: odata.include-annotations` asked for. */
  readonly annotations: IncludedAnnotations;
  /** The display name of a referenced record (for the formatted value of a lookup). */
  readonly nameOf?: (entity: string, id: string) => string | undefined;
}

/** An ETag of a row version: `W/"123"`. */
export function etagOf(version: string | undefined): string {
  return `W/"${version ?? '0'}"`;
}

/** The version inside an ETag (`W/"123"` → `123`), or undefined for `*`. */
export function versionOfEtag(etag: string): string | undefined {
  const trimmed = etag.trim();
  if (trimmed === '*') return undefined;
  return trimmed.replace(/^W\//, '').replace(/^"|"$/g, '');
}

/** A datetime as Dataverse writes it: ISO-8601 UTC to the second (`2026-01-10T12:00:00Z`). */
function wireDateTime(value: string): string {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function formatted(field: FieldSchema, value: FieldValue): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (isOptionType(field.type)) return field.options?.find((o) => o.value === value)?.label ?? String(value);
  if (field.type === 'bool') return value ? 'Yes' : 'No';
  if (field.type === 'money' && typeof value === 'number') return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  if ((field.type === 'int' || field.type === 'decimal') && typeof value === 'number') return value.toLocaleString('en-US');
  return undefined;
}

/**
 * A store record as a Web API row: `@odata.etag`, each field under its OData name (`_x_value` for
 * lookups), dates as `YYYY-MM-DD`, datetimes as ISO `Z`, numbers and option values as numbers, and
 * with `annotations` the formatted values and `lookuplogicalname` of lookups.
 */
export function recordToRow(entity: EntitySchema, record: CrmRecord, format: RowFormat): Record<string, unknown> {
  const row: Record<string, unknown> = { '@odata.etag': etagOf(record.version) };
  const fields = format.fields ?? entity.fields.filter((f) => f.name in record.fields);
  for (const field of fields) {
    if (field === versionNumberField) {
      row[VERSION_NUMBER] = versionNumberOf(record);
      continue;
    }
    if (!(field.name in record.fields) && field.name !== entity.primaryKey) {
      // A selected field the store withheld (field-level security) reads as null, as in Dataverse.
      if (format.fields) row[EntityCatalog.propertyName(field)] = null;
      continue;
    }
    const value = field.name === entity.primaryKey ? record.id : record.fields[field.name];
    const name = EntityCatalog.propertyName(field);
    if (isReferenceType(field.type)) {
      const reference = isEntityReference(value) ? value : undefined;
      if (reference && format.annotations.formattedValues) {
        const display = format.nameOf?.(reference.entity, reference.id);
        if (display !== undefined) row[`${name}@${ANNOTATIONS.formattedValue}`] = display;
      }
      if (reference && format.annotations.lookupNames) row[`${name}@${ANNOTATIONS.lookupLogicalName}`] = reference.entity;
      row[name] = reference ? reference.id : null;
      continue;
    }
    const wire = value === undefined ? null : field.type === 'datetime' && typeof value === 'string' ? wireDateTime(value) : value;
    if (format.annotations.formattedValues) {
      const text = formatted(field, wire as FieldValue);
      if (text !== undefined) row[`${name}@${ANNOTATIONS.formattedValue}`] = text;
    }
    row[name] = wire;
  }
  return row;
}

/** `/accounts(guid)`, `accounts(guid)` or an absolute URL ending so: the entity set and id. */
export function parseRecordReference(text: string): { entitySetName: string; id: string } | undefined {
  const match = /(?:^|\/)([A-Za-z_]\w*)\(([0-9a-fA-F-]{36})\)$/.exec(text.trim());
  return match ? { entitySetName: match[1], id: match[2].toLowerCase() } : undefined;
}

/** A write body split into store field values and the base64 `documentbody` of a note, if any. */
export interface ParsedWriteBody {
  readonly fields: FieldValues;
  /** The primary key the body names (a client-chosen GUID on create). */
  readonly id?: string;
  readonly documentBody?: Uint8Array;
}

function unknownProperty(entity: EntitySchema, name: string): DataverseApiError {
  return new DataverseApiError(
    400,
    DATAVERSE_ERROR_CODES.queryParse,
    `The property '${name}' does not exist on type 'Microsoft.Dynamics.CRM.${entity.name}'. Make sure to only use property names that are defined by the type.`,
  );
}

function storeFieldValue(entity: EntitySchema, field: FieldSchema, value: unknown): FieldValue {
  if (value === null) return null;
  const invalid = () =>
    new DataverseApiError(
      400,
      DATAVERSE_ERROR_CODES.queryParse,
      `Cannot convert the literal '${JSON.stringify(value)}' to the expected type '${field.type}' of '${entity.name}.${field.name}'.`,
    );
  const kind = valueKindOf(field.type);
  switch (kind) {
    case 'text':
      if (typeof value !== 'string') throw invalid();
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw invalid();
      return value;
    case 'date-time': {
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw invalid();
      return new Date(Date.parse(value)).toISOString();
    }
    case 'date':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) throw invalid();
      return value.slice(0, 10);
    case 'whole-number':
    case 'number':
    case 'reference':
      if (typeof value !== 'number') throw invalid();
      return value;
    default:
      return unhandledValueKind(kind);
  }
}

/** Entity sets of the principals an owner lookup may point at. */
const PRINCIPAL_SETS: Readonly<Record<string, string>> = { systemusers: 'systemuser', teams: 'team' };

/**
 * Reads a create / update body: plain properties by logical name, lookups as `x@odata.bind` (or
 * `x_entity@odata.bind` for a lookup with several targets) pointing at `/sets(guid)`, the primary key
 * as the record's id, and a note's `documentbody` (base64). Throws a 400 `DataverseApiError` naming an
 * unknown property or a value of the wrong type.
 */
export function parseWriteBody(catalog: EntityCatalog, entity: EntitySchema, body: unknown): ParsedWriteBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw queryError('The request body must be a JSON object.');
  const fields: Record<string, FieldValue> = {};
  let id: string | undefined;
  let documentBody: Uint8Array | undefined;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key.startsWith('@odata.') || key === '@odata.type' || key === '@odata.etag') continue;
    const bind = /^(.+)@odata\.bind$/.exec(key);
    if (bind) {
      const navigation =
        catalog.navigation(entity, bind[1]) ??
        (() => {
          const field = entity.fields.find((f) => f.name === bind[1] && isReferenceType(f.type));
          return field ? { lookup: field, target: lookupTargets(field)[0] } : undefined;
        })();
      if (!navigation)
        throw new DataverseApiError(
          400,
          DATAVERSE_ERROR_CODES.queryParse,
          `An undeclared property '${bind[1]}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.`,
        );
      if (value === null) {
        fields[navigation.lookup.name] = null;
        continue;
      }
      const reference = typeof value === 'string' ? parseRecordReference(value) : undefined;
      // Owners point at users and teams, which are principals, not crm-store entities.
      const target = reference ? (catalog.bySet(reference.entitySetName)?.entity.name ?? PRINCIPAL_SETS[reference.entitySetName]) : undefined;
      if (!reference || !target) throw queryError(`The value '${String(value)}' of '${key}' is not a valid entity reference: expected /entityset(guid).`);
      if (!lookupTargets(navigation.lookup).includes(target)) {
        throw new DataverseApiError(
          400,
          DATAVERSE_ERROR_CODES.invalidArgument,
          `'${target}' is not a valid target of '${entity.name}.${navigation.lookup.name}'.`,
        );
      }
      fields[navigation.lookup.name] = { entity: target, id: reference.id };
      continue;
    }
    if (key.includes('@')) continue;
    if (key === 'documentbody') {
      if (typeof value !== 'string' || !/^[A-Za-z0-9+/=\s]*$/.test(value))
        throw new DataverseApiError(400, DATAVERSE_ERROR_CODES.invalidArgument, `'documentbody' must be base64 text.`);
      documentBody = Buffer.from(value, 'base64');
      continue;
    }
    if (key === entity.primaryKey) {
      if (typeof value !== 'string' || !/^[0-9a-fA-F-]{36}$/.test(value))
        throw new DataverseApiError(400, DATAVERSE_ERROR_CODES.invalidArgument, `'${key}' must be a GUID.`);
      id = value.toLowerCase();
      continue;
    }
    const field = entity.fields.find((f) => f.name === key);
    if (!field) throw unknownProperty(entity, key);
    if (isReferenceType(field.type)) throw unknownProperty(entity, key);
    fields[field.name] = storeFieldValue(entity, field, value);
  }
  return { fields, ...(id !== undefined ? { id } : {}), ...(documentBody ? { documentBody } : {}) };
}
