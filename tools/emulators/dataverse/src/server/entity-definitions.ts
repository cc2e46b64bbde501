import { createHash } from 'node:crypto';
import type { EntitySchema, FieldSchema } from '@fieldsync/model';
import { isOptionType, isReferenceType, parentalControl } from '@fieldsync/model';
import { lookupTargets } from '../naming/entity-catalog';
import { evaluateRowFilter } from '../odata/evaluate-row-filter';
import { parseODataFilter } from '../odata/parse-odata-filter';
import { queryError } from './dataverse-api-error';
import type { ApiRequest, ApiResponse, EmulatorContext, RequestUser } from './emulator-context';

/** A stable GUID made from a name (metadata ids, privilege ids). */
export function stableGuid(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The `MetadataId` of an attribute (also the `AttributeId` of its field-security privileges). */
export function attributeMetadataId(entity: string, field: string): string {
  return stableGuid(`attribute:${entity}.${field}`);
}

const ATTRIBUTE_TYPES: Record<FieldSchema['type'], string> = {
  string: 'String',
  memo: 'Memo',
  int: 'Integer',
  decimal: 'Decimal',
  money: 'Money',
  bool: 'Boolean',
  datetime: 'DateTime',
  date: 'DateTime',
  lookup: 'Lookup',
  owner: 'Owner',
  picklist: 'Picklist',
  state: 'State',
  status: 'Status',
};

function entityDefinition(context: EmulatorContext, entity: EntitySchema): Record<string, unknown> {
  const set = context.catalog().byName(entity.name);
  return {
    MetadataId: stableGuid(`entity:${entity.name}`),
    LogicalName: entity.name,
    SchemaName: entity.name,
    EntitySetName: set?.entitySetName,
    PrimaryIdAttribute: entity.primaryKey,
    PrimaryNameAttribute: entity.primaryName ?? null,
    DisplayName: { UserLocalizedLabel: entity.label ? { Label: entity.label, LanguageCode: 1033 } : null },
    ChangeTrackingEnabled: !context.settings.changeTrackingDisabled.includes(entity.name),
    IsOptimisticConcurrencyEnabled: true,
    IsIntersect: entity.kind === 'intersect',
    IsActivity: entity.kind === 'activity',
    // A child without an owner inherits security from its parent (a quotedetail from its quote).
    IsChildEntity: parentalControl(entity) !== undefined,
    OwnershipType: entity.fields.some((f) => f.type === 'owner') ? 'UserOwned' : 'OrganizationOwned',
  };
}

function attributeDefinition(entity: EntitySchema, field: FieldSchema, secured: boolean): Record<string, unknown> {
  const primary = field.name === entity.primaryKey;
  const type = primary ? 'Uniqueidentifier' : ATTRIBUTE_TYPES[field.type];
  const definition: Record<string, unknown> = {
    '@odata.type': `#Microsoft.Dynamics.CRM.${type === 'Uniqueidentifier' ? 'UniqueIdentifier' : type}AttributeMetadata`,
    MetadataId: attributeMetadataId(entity.name, field.name),
    LogicalName: field.name,
    SchemaName: field.name,
    AttributeType: type,
    DisplayName: { UserLocalizedLabel: field.label ? { Label: field.label, LanguageCode: 1033 } : null },
    IsPrimaryId: primary,
    IsPrimaryName: entity.primaryName === field.name,
    IsValidForCreate: primary || !field.readOnly,
    IsValidForUpdate: !primary && !field.readOnly,
    IsValidForRead: true,
    IsSecured: secured,
    RequiredLevel: {
      Value: primary ? 'SystemRequired' : field.required ? 'ApplicationRequired' : 'None',
      CanBeChanged: !primary,
      ManagedPropertyLogicalName: 'canmodifyrequirementlevelsettings',
    },
    MaxLength: field.type === 'string' || field.type === 'memo' ? (field.maxLength ?? (field.type === 'memo' ? 1_048_576 : 100)) : null,
    Targets: isReferenceType(field.type) ? lookupTargets(field) : null,
    Format: field.type === 'date' ? 'DateOnly' : field.type === 'datetime' ? 'DateAndTime' : null,
    Precision: field.type === 'money' || field.type === 'decimal' ? (field.precision ?? 2) : null,
  };
  if (isOptionType(field.type)) {
    definition['OptionSet'] = {
      Options: (field.options ?? []).map((option) => ({
        Value: option.value,
        Label: { UserLocalizedLabel: { Label: option.label, LanguageCode: 1033 } },
        ...(option.state !== undefined ? { State: option.state } : {}),
      })),
    };
  }
  return definition;
}

/** True when a field security profile names the field (crm-store lists every secured field in each principal's permissions). */
function isSecured(user: RequestUser, entity: EntitySchema, field: FieldSchema): boolean {
  return user.permissions.fields[entity.name]?.[field.name] !== undefined;
}

function project(row: Record<string, unknown>, select: string | null, keep: string): Record<string, unknown> {
  if (select === null) return row;
  const names = select
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const projected: Record<string, unknown> = {};
  if ('@odata.type' in row) projected['@odata.type'] = row['@odata.type'];
  for (const name of names) {
    if (!(name in row)) throw queryError(`Could not find a property named '${name}' on type 'Microsoft.Dynamics.CRM.${keep}'.`);
    projected[name] = row[name];
  }
  projected['MetadataId'] = row['MetadataId'];
  return projected;
}

function filtered(rows: Record<string, unknown>[], request: ApiRequest, typeName: string): Record<string, unknown>[] {
  const text = request.query.get('$filter');
  if (text === null) return rows;
  const filter = parseODataFilter(text);
  return rows.filter((row) => evaluateRowFilter(filter, row, typeName));
}

/**
 * `EntityDefinitions`, `EntityDefinitions(LogicalName='account')` and
 * `EntityDefinitions(LogicalName='account')/Attributes`: the store's schema as Dataverse metadata
 * (every entity has change tracking and optimistic concurrency on; `IsSecured` for fields under
 * field-level security), with `$select` and simple `$filter`.
 */
export function readEntityDefinitions(context: EmulatorContext, user: RequestUser, segments: readonly string[], request: ApiRequest): ApiResponse {
  const headers = { 'OData-Version': '4.0' };
  const select = request.query.get('$select');
  const [head, tail, extra] = segments;
  const entities = context.catalog().entities.map((e) => e.entity);
  if (head === 'EntityDefinitions' && tail === undefined) {
    const rows = filtered(
      entities.map((e) => entityDefinition(context, e)),
      request,
      'Microsoft.Dynamics.CRM.EntityMetadata',
    ).map((row) => project(row, select, 'EntityMetadata'));
    return { status: 200, headers, body: { '@odata.context': context.metadataUrl(`EntityDefinitions${select ? `(${select})` : ''}`), value: rows } };
  }
  const key = /^EntityDefinitions\((?:LogicalName=)?'([^']+)'\)$/.exec(head ?? '') ?? /^EntityDefinitions\(LogicalName='([^']+)'\)$/.exec(head ?? '');
  const entity = key ? entities.find((e) => e.name === key[1]) : undefined;
  if (!entity) throw queryError(`Resource not found for the segment '${head ?? ''}'.`);
  if (tail === undefined) {
    return {
      status: 200,
      headers,
      body: { '@odata.context': context.metadataUrl('EntityDefinitions/$entity'), ...project(entityDefinition(context, entity), select, 'EntityMetadata') },
    };
  }
  if (tail === 'Attributes' && extra === undefined) {
    const rows = filtered(
      entity.fields.map((f) => attributeDefinition(entity, f, isSecured(user, entity, f))),
      request,
      'Microsoft.Dynamics.CRM.AttributeMetadata',
    ).map((row) => project(row, select, 'AttributeMetadata'));
    return { status: 200, headers, body: { '@odata.context': context.metadataUrl(`EntityDefinitions('${entity.name}')/Attributes`), value: rows } };
  }
  const attribute = /^Attributes\(LogicalName='([^']+)'\)$/.exec(tail);
  const field = attribute ? entity.fields.find((f) => f.name === attribute[1]) : undefined;
  if (!field || extra !== undefined) throw queryError(`Resource not found for the segment '${tail}'.`);
  return {
    status: 200,
    headers,
    body: {
      '@odata.context': context.metadataUrl(`EntityDefinitions('${entity.name}')/Attributes/$entity`),
      ...project(attributeDefinition(entity, field, isSecured(user, entity, field)), select, 'AttributeMetadata'),
    },
  };
}
