import { isEntityReference, type CrmRecord, type FieldValue } from '@fieldsync/model';
import type { SObjectField, SObjectType } from '../naming/sobject-naming';

/** A value as the emulator compares it: text, number, boolean, ms since the epoch (date, datetime) or null. */
export type SfValue = string | number | boolean | null;

/** A record as the emulator queries it: values by lower-cased field name, parents by lower-cased relationship name. */
export interface SfRow {
  readonly type: string;
  readonly id: string;
  readonly values: Map<string, SfValue>;
  /** Filled by the query for the relationships it names; `null` when the parent is absent or invisible. */
  readonly parents: Map<string, SfRow | null>;
  /** Target ids of reference fields, by lower-cased relationship name. */
  readonly references: Map<string, { entity: string; id: string } | null>;
  readonly version?: string;
}

const SECOND = 1000;

/** Salesforce shows date-times to the second: `2026-01-01T09:30:00.000+0000`. */
export function formatDateTime(ms: number): string {
  return new Date(Math.floor(ms / SECOND) * SECOND).toISOString().replace('Z', '+0000');
}

/** A date (ms at UTC midnight) as `YYYY-MM-DD`. */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The comparable value of a crm-store field value for an sObject field. */
export function toSfValue(field: SObjectField, value: FieldValue | undefined): SfValue {
  if (value === undefined || value === null) return null;
  switch (field.type) {
    case 'datetime': {
      const ms = Date.parse(String(value));
      return Number.isNaN(ms) ? null : Math.floor(ms / SECOND) * SECOND;
    }
    case 'date': {
      const ms = Date.parse(`${String(value).slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(ms) ? null : ms;
    }
    case 'reference':
      return isEntityReference(value) ? value.id : String(value);
    case 'picklist':
      return String(value);
    default:
      return value as SfValue;
  }
}

/** A crm-store record as an {@link SfRow}; `IsDeleted` false, `SystemModstamp` = `modifiedon`. */
export function recordToSfRow(type: SObjectType, record: CrmRecord): SfRow {
  const values = new Map<string, SfValue>();
  const references = new Map<string, { entity: string; id: string } | null>();
  let modified: SfValue = null;
  for (const field of type.fields) {
    if (field.synthetic === 'id' || field.synthetic === 'externalId') values.set(field.name.toLowerCase(), record.id);
    else if (field.synthetic === 'isDeleted') values.set('isdeleted', false);
    else if (field.synthetic === 'body') values.set('body', record.fields['isdocument'] === true ? `/sobjects/${type.name}/${record.id}/Body` : null);
    else if (field.source) {
      const raw = record.fields[field.source.name];
      values.set(field.name.toLowerCase(), toSfValue(field, raw));
      if (field.relationshipName) references.set(field.relationshipName.toLowerCase(), isEntityReference(raw) ? raw : null);
      if (field.source.name === 'modifiedon') modified = values.get(field.name.toLowerCase()) ?? null;
    }
  }
  values.set('systemmodstamp', modified);
  return { type: type.name, id: record.id, values, parents: new Map(), references, version: record.version };
}

/** A deleted record (a crm-store tombstone) as queryAll shows it: only Id, IsDeleted, SystemModstamp and LastModifiedDate. */
export function tombstoneToSfRow(type: SObjectType, id: string, deletedAt: string): SfRow {
  const values = new Map<string, SfValue>();
  for (const field of type.fields) values.set(field.name.toLowerCase(), null);
  const at = Math.floor(Date.parse(deletedAt) / SECOND) * SECOND;
  values.set('id', id);
  values.set('fieldsync_id__c', id);
  values.set('isdeleted', true);
  values.set('systemmodstamp', at);
  if (values.has('lastmodifieddate')) values.set('lastmodifieddate', at);
  return { type: type.name, id, values, parents: new Map(), references: new Map() };
}

/** A value as Salesforce writes it in JSON. */
export function formatSfValue(field: Pick<SObjectField, 'type'>, value: SfValue): unknown {
  if (value === null) return null;
  if (field.type === 'datetime' && typeof value === 'number') return formatDateTime(value);
  if (field.type === 'date' && typeof value === 'number') return formatDate(value);
  return value;
}
