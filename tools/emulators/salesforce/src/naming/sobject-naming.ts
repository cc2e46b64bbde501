import type { EntitySchema, FieldSchema, FieldType, Schema } from '@fieldsync/model';

/** Salesforce field types the emulator describes. */
export type SalesforceFieldType =
  'id' | 'string' | 'textarea' | 'int' | 'double' | 'currency' | 'boolean' | 'datetime' | 'date' | 'reference' | 'picklist' | 'base64';

/** One sObject field and the crm-store field (or synthetic value) behind it. */
export interface SObjectField {
  /** Salesforce API name, e.g. `Name`, `ParentId`, `Address1_city__c`. */
  readonly name: string;
  readonly label: string;
  readonly type: SalesforceFieldType;
  /** The crm-store field, absent for synthetic fields (`SystemModstamp`, `IsDeleted`, `Fieldsync_Id__c` map to system columns). */
  readonly source?: FieldSchema;
  /** What the synthetic field shows. */
  readonly synthetic?: 'id' | 'externalId' | 'systemModstamp' | 'isDeleted' | 'body';
  /** Relationship name of a reference field (`Parent`, `Owner`, `Quoteid__r`). */
  readonly relationshipName?: string;
  /** sObject names a reference field points at. */
  readonly referenceTo: readonly string[];
  readonly custom: boolean;
}

/** One crm-store entity as an sObject. */
export interface SObjectType {
  /** API name, e.g. `Account`, `QuoteLineItem`, `Invoice__c`. */
  readonly name: string;
  readonly label: string;
  readonly keyPrefix: string;
  readonly custom: boolean;
  readonly entity: EntitySchema;
  readonly fields: readonly SObjectField[];
  /** Field by lower-cased API name (SOQL names are case-insensitive). */
  readonly fieldByLowerName: ReadonlyMap<string, SObjectField>;
  /** Field by lower-cased relationship name. */
  readonly relationshipByLowerName: ReadonlyMap<string, SObjectField>;
  /** Field by crm-store field name. */
  readonly fieldBySource: ReadonlyMap<string, SObjectField>;
}

/** The external-id field every sObject has; its value is the crm-store primary key (see decision 080). */
export const EXTERNAL_ID_FIELD = 'Fieldsync_Id__c';

/** crm-store entities that have a standard Salesforce object of the same meaning, and their key prefixes. */
const STANDARD_OBJECTS: Readonly<Record<string, { name: string; keyPrefix: string }>> = {
  account: { name: 'Account', keyPrefix: '001' },
  contact: { name: 'Contact', keyPrefix: '003' },
  opportunity: { name: 'Opportunity', keyPrefix: '006' },
  quote: { name: 'Quote', keyPrefix: '0Q0' },
  quotedetail: { name: 'QuoteLineItem', keyPrefix: '0QL' },
  task: { name: 'Task', keyPrefix: '00T' },
  appointment: { name: 'Event', keyPrefix: '00U' },
  email: { name: 'EmailMessage', keyPrefix: '02s' },
  annotation: { name: 'Note', keyPrefix: '002' },
};

/** Field names with a standard Salesforce name; a reference also names its relationship. Any entity. */
const STANDARD_FIELDS: Readonly<Record<string, { name: string; relationshipName?: string }>> = {
  name: { name: 'Name' },
  fullname: { name: 'Name' },
  subject: { name: 'Subject' },
  description: { name: 'Description' },
  firstname: { name: 'FirstName' },
  lastname: { name: 'LastName' },
  emailaddress1: { name: 'Email' },
  telephone1: { name: 'Phone' },
  jobtitle: { name: 'Title' },
  birthdate: { name: 'Birthdate' },
  accountnumber: { name: 'AccountNumber' },
  revenue: { name: 'AnnualRevenue' },
  numberofemployees: { name: 'NumberOfEmployees' },
  createdon: { name: 'CreatedDate' },
  modifiedon: { name: 'LastModifiedDate' },
  ownerid: { name: 'OwnerId', relationshipName: 'Owner' },
  parentaccountid: { name: 'ParentId', relationshipName: 'Parent' },
  objectid: { name: 'ParentId', relationshipName: 'Parent' },
  parentcustomerid: { name: 'AccountId', relationshipName: 'Account' },
  customerid: { name: 'AccountId', relationshipName: 'Account' },
  regardingobjectid: { name: 'WhatId', relationshipName: 'What' },
  opportunityid: { name: 'OpportunityId', relationshipName: 'Opportunity' },
  quoteid: { name: 'QuoteId', relationshipName: 'Quote' },
};

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The sObject name of a crm-store entity: a standard object name, else `Capitalized__c`. */
export function sObjectNameOf(entityName: string): string {
  return STANDARD_OBJECTS[entityName]?.name ?? `${capitalize(entityName)}__c`;
}

function salesforceTypeOf(field: FieldSchema, isPrimaryKey: boolean): SalesforceFieldType {
  if (isPrimaryKey) return 'id';
  const byType: Record<FieldType, SalesforceFieldType> = {
    string: 'string',
    memo: 'textarea',
    int: 'int',
    decimal: 'double',
    money: 'currency',
    bool: 'boolean',
    datetime: 'datetime',
    date: 'date',
    lookup: 'reference',
    owner: 'reference',
    picklist: 'picklist',
    state: 'picklist',
    status: 'picklist',
  };
  return byType[field.type];
}

function referenceTargets(field: FieldSchema, schema: Schema): string[] {
  if (field.type === 'owner') return ['User', 'Group'];
  if (field.type !== 'lookup') return [];
  return (field.targets ?? []).map((target) =>
    target === 'systemuser' ? 'User' : target === 'team' ? 'Group' : schema.entities.some((e) => e.name === target) ? sObjectNameOf(target) : target,
  );
}

/** Builds the sObject view of one entity (see decision 080 for the rules). */
export function buildSObjectType(entity: EntitySchema, schema: Schema, customIndex: number): SObjectType {
  const standard = STANDARD_OBJECTS[entity.name];
  const fields: SObjectField[] = [];
  const taken = new Set<string>();
  const add = (field: SObjectField) => {
    fields.push(field);
    taken.add(field.name.toLowerCase());
  };
  const pk = entity.fields.find((f) => f.name === entity.primaryKey);
  add({ name: 'Id', label: `${entity.label ?? entity.name} ID`, type: 'id', source: pk, synthetic: 'id', referenceTo: [], custom: false });
  for (const field of entity.fields) {
    if (field.name === entity.primaryKey) continue;
    const known = STANDARD_FIELDS[field.name];
    const type = salesforceTypeOf(field, false);
    let name: string;
    let relationshipName: string | undefined;
    let custom: boolean;
    if (known && !taken.has(known.name.toLowerCase()) && (type === 'reference') === (known.relationshipName !== undefined)) {
      name = known.name;
      relationshipName = known.relationshipName;
      custom = false;
    } else {
      name = `${capitalize(field.name)}__c`;
      relationshipName = type === 'reference' ? `${capitalize(field.name)}__r` : undefined;
      custom = true;
    }
    add({ name, label: field.label ?? field.name, type, source: field, relationshipName, referenceTo: referenceTargets(field, schema), custom });
  }
  add({ name: 'IsDeleted', label: 'Deleted', type: 'boolean', synthetic: 'isDeleted', referenceTo: [], custom: false });
  add({ name: 'SystemModstamp', label: 'System Modstamp', type: 'datetime', synthetic: 'systemModstamp', referenceTo: [], custom: false });
  // crm-store keeps one attachment body per record; entities made for files (a `filename` field) show it as `Body`.
  if (entity.fields.some((f) => f.name === 'filename')) add({ name: 'Body', label: 'Body', type: 'base64', synthetic: 'body', referenceTo: [], custom: false });
  add({ name: EXTERNAL_ID_FIELD, label: 'Fieldsync Id', type: 'string', source: pk, synthetic: 'externalId', referenceTo: [], custom: true });
  return {
    name: sObjectNameOf(entity.name),
    label: entity.label ?? capitalize(entity.name),
    keyPrefix: standard?.keyPrefix ?? `a0${String.fromCharCode(65 + (customIndex % 26))}`,
    custom: standard === undefined,
    entity,
    fields,
    fieldByLowerName: new Map(fields.map((f) => [f.name.toLowerCase(), f])),
    relationshipByLowerName: new Map(fields.flatMap((f) => (f.relationshipName ? [[f.relationshipName.toLowerCase(), f] as const] : []))),
    fieldBySource: new Map(fields.flatMap((f) => (f.source && f.synthetic === undefined ? [[f.source.name, f] as const] : []))),
  };
}

/** Every entity of a schema as an sObject, findable by API name (case-insensitive) and by entity name. */
export class SObjectCatalog {
  readonly types: readonly SObjectType[];
  private readonly byLowerName: Map<string, SObjectType>;
  private readonly byEntity: Map<string, SObjectType>;

  constructor(readonly schema: Schema) {
    let customIndex = 0;
    this.types = schema.entities.map((entity) => buildSObjectType(entity, schema, STANDARD_OBJECTS[entity.name] ? 0 : customIndex++));
    this.byLowerName = new Map(this.types.map((t) => [t.name.toLowerCase(), t]));
    this.byEntity = new Map(this.types.map((t) => [t.entity.name, t]));
  }

  /** The sObject of that API name (any case), or undefined. */
  find(name: string): SObjectType | undefined {
    return this.byLowerName.get(name.toLowerCase());
  }

  /** The sObject of a crm-store entity, or undefined. */
  ofEntity(entityName: string): SObjectType | undefined {
    return this.byEntity.get(entityName);
  }
}
