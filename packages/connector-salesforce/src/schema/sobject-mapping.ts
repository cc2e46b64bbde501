import type { EntitySchema, FieldSchema } from '@fieldsync/model';

/** One field as the connector maps it: the model's name and type, and the sObject's API name. */
export interface MappedField {
  readonly schema: FieldSchema;
  readonly apiName: string;
  /** API relationship name of a reference field (`Account` for `AccountId`), for filter paths. */
  readonly relationshipName?: string;
  /** Referenced sObjects of a reference field, in describe order. */
  readonly referenceTo?: readonly string[];
  readonly readable: boolean;
  readonly createable: boolean;
  readonly updateable: boolean;
}

/** One model entity on one sObject, with both directions of its field names. */
export interface SObjectMapping {
  readonly entity: EntitySchema;
  readonly sObject: string;
  readonly keyPrefix?: string;
  readonly queryable: boolean;
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly deletable: boolean;
  /** The base64 field holding the record's file (`Body` of Attachment, `VersionData` of ContentVersion), when the sObject has one. */
  readonly bodyField?: string;
  /** Fields by model name. */
  readonly fields: ReadonlyMap<string, MappedField>;
  /** Model field name by API name. */
  readonly byApiName: ReadonlyMap<string, string>;
}
