import type { FieldSchema, FieldType } from '@fieldsync/model';
import type { SalesforceFieldDescribe, SalesforceSObjectDescribe } from './salesforce-describe';
import type { MappedField, SObjectMapping } from './sobject-mapping';

/** How API names become model names; the connector builds one from its config. */
export interface SObjectNaming {
  /** The model entity name of an sObject. */
  entityOf(sObject: string): string;
  /** Model field name → API field name overrides of one entity. */
  fieldOverrides(entity: string): Readonly<Record<string, string>>;
  /** Model type overrides of one entity, by model field name. */
  typeOverrides(entity: string): Readonly<Record<string, FieldType>>;
}

/** Default naming: the lower-cased API name without `__c` (`Account` → `account`, `Visit__c` → `visit`, `City__c` → `city`). */
export function defaultModelName(apiName: string): string {
  return apiName.replace(/__c$/i, '').toLowerCase();
}

/** The model primary key of an entity: `accountid` for `account`, `visitid` for `visit__c`. */
export function defaultPrimaryKey(entity: string): string {
  return `${entity}id`;
}

/** Describe types whose values the connector does not carry (compound fields, binary bodies). */
const SKIPPED_TYPES = new Set(['address', 'location', 'base64', 'anyType', 'complexvalue', 'json']);

function fieldType(field: SalesforceFieldDescribe): FieldType | undefined {
  switch (field.type) {
    case 'id':
    case 'string':
    case 'email':
    case 'phone':
    case 'url':
    case 'combobox':
    case 'encryptedstring':
    case 'picklist':
    case 'multipicklist':
    case 'time':
      // Picklists hold text in Salesforce; the model's picklist type holds numbers, so they stay text.
      return 'string';
    case 'textarea':
      return 'memo';
    case 'int':
    case 'long':
      return 'int';
    case 'double':
    case 'percent':
      return 'decimal';
    case 'currency':
      return 'money';
    case 'boolean':
      return 'bool';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'reference':
      return isOwnerField(field) ? 'owner' : 'lookup';
    default:
      return SKIPPED_TYPES.has(field.type) ? undefined : 'string';
  }
}

function isOwnerField(field: SalesforceFieldDescribe): boolean {
  return field.name === 'OwnerId' || (field.referenceTo ?? []).every((target) => target === 'User' || target === 'Group' || target === 'Queue');
}

/**
 * Turns the describe of one sObject into the model entity the connector syncs, with the API names of
 * every field: `Id` becomes the primary key (`accountid`), other fields keep their lower-cased API
 * name unless `naming` overrides it; reference fields become lookups (or owners for `OwnerId`) whose
 * targets are the model names of `referenceTo`, master-detail (`cascadeDelete`) ones parent lookups;
 * a field that is neither createable nor updateable is read-only. Compound and binary fields are left out.
 */
export function mapSObjectDescribe(describe: SalesforceSObjectDescribe, naming: SObjectNaming): SObjectMapping {
  const entity = naming.entityOf(describe.name);
  const overrides = naming.fieldOverrides(entity);
  const typeOverrides = naming.typeOverrides(entity);
  const modelNameOf = new Map<string, string>();
  for (const [model, api] of Object.entries(overrides)) modelNameOf.set(api, model);
  const primaryKey = modelNameOf.get('Id') ?? defaultPrimaryKey(entity);
  const fields = new Map<string, MappedField>();
  const byApiName = new Map<string, string>();
  let primaryName: string | undefined;
  for (const field of describe.fields) {
    const described = fieldType(field);
    if (described === undefined) continue;
    const name = field.name === 'Id' ? primaryKey : (modelNameOf.get(field.name) ?? defaultModelName(field.name));
    // A default name another field already took (Name and Name__c): the first keeps it, the second is left out.
    if (fields.has(name)) continue;
    const type = typeOverrides[name] ?? described;
    const createable = field.createable === true;
    const updateable = field.updateable === true;
    const schema: FieldSchema = {
      name,
      type,
      ...(field.label ? { label: field.label } : {}),
      ...(createable && field.nillable === false && field.defaultedOnCreate !== true && field.type !== 'boolean' ? { required: true } : {}),
      ...((type === 'string' || type === 'memo') && field.type !== 'id' && (field.length ?? 0) > 0 ? { maxLength: field.length } : {}),
      ...((type === 'decimal' || type === 'money') && field.scale !== undefined ? { precision: field.scale } : {}),
      ...(type === 'lookup' || type === 'owner' ? { targets: (field.referenceTo ?? []).map((target) => naming.entityOf(target)) } : {}),
      ...(type === 'lookup' && field.cascadeDelete === true ? { parent: true } : {}),
      ...(field.name !== 'Id' && !createable && !updateable ? { readOnly: true } : {}),
    };
    if (field.nameField === true) primaryName = name;
    fields.set(name, {
      schema,
      apiName: field.name,
      ...(field.relationshipName ? { relationshipName: field.relationshipName } : {}),
      ...(field.referenceTo && field.referenceTo.length > 0 ? { referenceTo: field.referenceTo } : {}),
      readable: field.accessible !== false,
      createable,
      updateable,
    });
    byApiName.set(field.name, name);
  }
  const bodyField = describe.fields.find((field) => field.type === 'base64');
  const ordered = [...fields.values()].map((field) => field.schema);
  const pkIndex = ordered.findIndex((field) => field.name === primaryKey);
  if (pkIndex > 0) ordered.unshift(...ordered.splice(pkIndex, 1));
  return {
    entity: {
      name: entity,
      ...(describe.label ? { label: describe.label } : {}),
      primaryKey,
      ...(primaryName ? { primaryName } : {}),
      fields: ordered,
    },
    sObject: describe.name,
    ...(describe.keyPrefix ? { keyPrefix: describe.keyPrefix } : {}),
    queryable: describe.queryable !== false,
    createable: describe.createable === true,
    updateable: describe.updateable === true,
    deletable: describe.deletable === true,
    ...(bodyField ? { bodyField: bodyField.name } : {}),
    fields,
    byApiName,
  };
}
