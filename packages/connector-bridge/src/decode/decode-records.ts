import { ContractViolationError } from '@fieldsync/connector-api';
import type { CrmRecord, FieldValues } from '@fieldsync/model';
import { json } from './json-reader';

/**
 * Checks one record of an answer: an object of `entity` with a non-empty id, a `fields` object and,
 * when present, a text version. Throws `ContractViolationError` naming the breach.
 */
export function decodeRecord(value: unknown, entity: string, where: string): CrmRecord {
  const record = json.object(value, where);
  if (record.entity !== entity) throw new ContractViolationError(`entity ${JSON.stringify(record.entity)} is not '${entity}'`, `${where}.entity`);
  const id = json.nonEmptyString(record.id, `${where}.id`);
  const fields = json.object(record.fields, `${where}.fields`) as FieldValues;
  const version = json.optionalString(record.version, `${where}.version`);
  return version === undefined ? { entity, id, fields } : { entity, id, version, fields };
}

/** Checks a list of records of `entity`, at most `limit` of them. */
export function decodeRecords(value: unknown, entity: string, limit: number, where: string): CrmRecord[] {
  const records = json.array(value, where);
  if (records.length > limit) throw new ContractViolationError(`${records.length} records exceed the page size ${limit}`, where);
  return records.map((record, index) => decodeRecord(record, entity, `${where}[${index}]`));
}
