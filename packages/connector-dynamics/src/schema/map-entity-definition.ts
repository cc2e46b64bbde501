import { ContractViolationError } from '@fieldsync/connector-api';
import type { FieldSchema, FieldType } from '@fieldsync/model';
import type { AttributeDefinition, EntityDefinition } from './entity-definition';
import type { EntityMapping } from './entity-mapping';

/** Attributes that are not fields of a record as the model sees them (virtual names, party lists, images). */
const SKIPPED_TYPES = new Set(['Virtual', 'EntityName', 'PartyList', 'CalendarRules', 'ManagedProperty', 'Image', 'File']);

/** The model field type of a Dataverse attribute type, or undefined when the model has none. */
export function fieldTypeOf(attribute: AttributeDefinition): FieldType | undefined {
  switch (attribute.AttributeType) {
    case 'String':
    case 'Uniqueidentifier':
      return 'string';
    case 'Memo':
      return 'memo';
    case 'Integer':
    case 'BigInt':
      return 'int';
    case 'Decimal':
    case 'Double':
      return 'decimal';
    case 'Money':
      return 'money';
    case 'Boolean':
      return 'bool';
    case 'DateTime':
      return attribute.Format === 'DateOnly' ? 'date' : 'datetime';
    case 'Lookup':
    case 'Customer':
      return 'lookup';
    case 'Owner':
      return 'owner';
    case 'Picklist':
      return 'picklist';
    case 'State':
      return 'state';
    case 'Status':
      return 'status';
    default:
      return undefined;
  }
}

const label = (value: AttributeDefinition['DisplayName']): string | undefined => value?.UserLocalizedLabel?.Label ?? undefined;

/**
 * Maps an entity's definition and attributes onto the model's schema and the Web API names: the
 * entity set, the primary id attribute, `ChangeTrackingEnabled`, each readable attribute's type (a
 * lookup's `Targets`), and which fields are createable and updateable. Attributes that only shadow
 * another (`AttributeOf`, the `…name` of a lookup) and types the model has no use for are left out.
 * Throws `ContractViolationError` when the definition has no entity set or primary id.
 */
export function mapEntityDefinition(definition: EntityDefinition, attributes: readonly AttributeDefinition[]): EntityMapping {
  const name = definition.LogicalName;
  if (!definition.EntitySetName || !definition.PrimaryIdAttribute) {
    throw new ContractViolationError('the definition has no EntitySetName or PrimaryIdAttribute', `EntityDefinitions(LogicalName='${name}')`);
  }
  const fields: FieldSchema[] = [];
  const createable = new Set<string>();
  const updateable = new Set<string>();
  const securedFields = new Map<string, string>();
  for (const attribute of attributes) {
    if (typeof attribute?.LogicalName !== 'string' || typeof attribute.AttributeType !== 'string') {
      throw new ContractViolationError('an attribute has no LogicalName or AttributeType', `EntityDefinitions(LogicalName='${name}')/Attributes`);
    }
    if (attribute.AttributeOf || SKIPPED_TYPES.has(attribute.AttributeType) || attribute.IsValidForRead === false) continue;
    const type = fieldTypeOf(attribute);
    if (type === undefined) continue;
    if (attribute.IsSecured && attribute.MetadataId) securedFields.set(attribute.MetadataId.toLowerCase(), attribute.LogicalName);
    const isKey = attribute.LogicalName === definition.PrimaryIdAttribute;
    const canCreate = attribute.IsValidForCreate !== false;
    const canUpdate = attribute.IsValidForUpdate !== false && !isKey;
    if (canCreate) createable.add(attribute.LogicalName);
    if (canUpdate) updateable.add(attribute.LogicalName);
    const level = attribute.RequiredLevel?.Value;
    const targets = type === 'owner' ? (attribute.Targets?.length ? attribute.Targets : ['systemuser', 'team']) : attribute.Targets;
    fields.push({
      name: attribute.LogicalName,
      type,
      ...(label(attribute.DisplayName) ? { label: label(attribute.DisplayName) } : {}),
      ...(level === 'ApplicationRequired' || level === 'SystemRequired' ? { required: !isKey } : {}),
      ...(typeof attribute.MaxLength === 'number' && (type === 'string' || type === 'memo') && !isKey ? { maxLength: attribute.MaxLength } : {}),
      ...(typeof attribute.Precision === 'number' && (type === 'decimal' || type === 'money') ? { precision: attribute.Precision } : {}),
      ...(targets && targets.length > 0 && (type === 'lookup' || type === 'owner') ? { targets: [...targets] } : {}),
      ...(!canCreate && !canUpdate && !isKey ? { readOnly: true } : {}),
    });
  }
  if (!fields.some((field) => field.name === definition.PrimaryIdAttribute)) fields.unshift({ name: definition.PrimaryIdAttribute, type: 'string' });
  return {
    entity: {
      name,
      primaryKey: definition.PrimaryIdAttribute,
      ...(definition.PrimaryNameAttribute ? { primaryName: definition.PrimaryNameAttribute } : {}),
      ...(label(definition.DisplayName) ? { label: label(definition.DisplayName) } : {}),
      ...(definition.IsIntersect ? { kind: 'intersect' as const } : definition.IsActivity ? { kind: 'activity' as const } : {}),
      fields,
    },
    entitySet: definition.EntitySetName,
    changeTracking: definition.ChangeTrackingEnabled === true,
    schemaName: definition.SchemaName || name,
    createable,
    updateable,
    securedFields,
  };
}
