import type { SObjectField, SObjectType } from '../naming/sobject-naming';
import type { EmulatorCore, RequestUser } from './emulator-core';

const DEFAULT_TEXT_LENGTH: Readonly<Record<string, number>> = { string: 255, textarea: 32768, id: 255 };
const SOAP_TYPES: Readonly<Record<string, string>> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  picklist: 'xsd:string',
  int: 'xsd:int',
  double: 'xsd:double',
  currency: 'xsd:double',
  boolean: 'xsd:boolean',
  datetime: 'xsd:dateTime',
  date: 'xsd:date',
  base64: 'xsd:base64Binary',
};

function objectFlags(core: EmulatorCore, user: RequestUser, type: SObjectType) {
  const privileges = user.permissions.entities[type.entity.name];
  const has = (privilege: 'read' | 'create' | 'write' | 'delete') => privileges !== undefined && privileges[privilege] !== 'none';
  return {
    queryable: has('read'),
    retrieveable: has('read'),
    replicateable: has('read'),
    searchable: has('read'),
    createable: has('create'),
    updateable: has('write'),
    deletable: has('delete'),
    undeletable: false,
  };
}

function urls(core: EmulatorCore, type: SObjectType) {
  const base = `${core.basePath}/sobjects/${type.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

/** One field as describe shows it to the user (field-level security decides createable / updateable). */
function describeField(user: RequestUser, type: SObjectType, field: SObjectField) {
  const source = field.source;
  const secured = source && !field.synthetic ? user.permissions.fields[type.entity.name]?.[source.name] : undefined;
  const writable = (field.synthetic === undefined && source !== undefined && source.readOnly !== true) || field.synthetic === 'body';
  const createable = field.synthetic === 'externalId' || (writable && (secured?.create ?? true));
  const updateable = writable && (secured?.update ?? true);
  const required = source?.required === true && field.synthetic === undefined;
  const isText = ['string', 'textarea', 'id'].includes(field.type);
  const options = source?.options ?? [];
  return {
    name: field.name,
    label: field.label,
    type: field.type,
    soapType: SOAP_TYPES[field.type],
    length: isText ? (source?.maxLength ?? DEFAULT_TEXT_LENGTH[field.type]) : field.type === 'picklist' ? 255 : 0,
    byteLength: isText ? (source?.maxLength ?? DEFAULT_TEXT_LENGTH[field.type]) * 3 : 0,
    precision: field.type === 'currency' || field.type === 'double' ? 18 : 0,
    scale: field.type === 'currency' || field.type === 'double' ? (source?.precision ?? 2) : 0,
    digits: field.type === 'int' ? 9 : 0,
    nillable: field.type !== 'boolean' && field.type !== 'id' && !required && field.synthetic !== 'systemModstamp',
    createable,
    updateable,
    defaultedOnCreate: field.synthetic !== undefined || source?.readOnly === true || field.type === 'boolean',
    calculated: source?.readOnly === true && field.synthetic === undefined,
    custom: field.custom,
    externalId: field.synthetic === 'externalId',
    idLookup: field.synthetic === 'id' || field.synthetic === 'externalId',
    unique: field.synthetic === 'externalId',
    caseSensitive: false,
    nameField: field.name === 'Name',
    filterable: true,
    sortable: field.type !== 'textarea',
    groupable: field.type !== 'textarea' && field.type !== 'double' && field.type !== 'currency',
    autoNumber: false,
    permissionable: secured !== undefined,
    polymorphicForeignKey: field.referenceTo.length > 1,
    referenceTo: field.referenceTo,
    relationshipName: field.relationshipName ?? null,
    cascadeDelete: source?.parent === true,
    picklistValues: options.map((option) => ({ active: true, defaultValue: false, label: option.label, validFor: null, value: String(option.value) })),
    restrictedPicklist: field.type === 'picklist',
    defaultValue: null,
    inlineHelpText: null,
  };
}

/** `GET /sobjects`: the sObjects the user holds any privilege on. */
export function describeGlobal(core: EmulatorCore, user: RequestUser) {
  return {
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: user.catalog.types
      .filter((type) => core.visibleType(user, type))
      .map((type) => ({
        name: type.name,
        label: type.label,
        labelPlural: type.label,
        keyPrefix: type.keyPrefix,
        custom: type.custom,
        layoutable: true,
        ...objectFlags(core, user, type),
        urls: urls(core, type),
      })),
  };
}

/** `GET /sobjects/{type}/describe`: the object, its fields as the user sees them, and child relationships. */
export function describeSObject(core: EmulatorCore, user: RequestUser, type: SObjectType) {
  const childRelationships = user.catalog.types.flatMap((child) =>
    child.fields
      .filter((field) => field.referenceTo.includes(type.name) && field.synthetic === undefined)
      .map((field) => ({
        childSObject: child.name,
        field: field.name,
        relationshipName: null,
        cascadeDelete: field.source?.parent === true,
        deprecatedAndHidden: false,
      })),
  );
  return {
    name: type.name,
    label: type.label,
    labelPlural: type.label,
    keyPrefix: type.keyPrefix,
    custom: type.custom,
    layoutable: true,
    ...objectFlags(core, user, type),
    fields: type.fields.filter((field) => core.readable(user, type, field)).map((field) => describeField(user, type, field)),
    childRelationships,
    recordTypeInfos: [],
    urls: urls(core, type),
  };
}
