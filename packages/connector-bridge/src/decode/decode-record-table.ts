import { ContractViolationError } from '@fieldsync/connector-api';
import type { CrmRecord, FieldValue } from '@fieldsync/model';
import { json } from './json-reader';

/**
 * Checks a page's records sent as columns (`RecordPage.table`: field names once, then
 * `[id, version or null, ...values]` per record, `absent` naming the fields a record does not carry)
 * and builds the records of `entity`, at most `limit`. Throws `ContractViolationError` naming the breach.
 */
export function decodeRecordTable(value: unknown, entity: string, limit: number, where: string): CrmRecord[] {
  const table = json.object(value, where);
  const fields = json.stringList(table.fields, `${where}.fields`);
  const rows = json.array(table.rows, `${where}.rows`);
  if (rows.length > limit) throw new ContractViolationError(`${rows.length} records exceed the page size ${limit}`, `${where}.rows`);
  const absent = table.absent === undefined || table.absent === null ? undefined : json.object(table.absent, `${where}.absent`);
  const width = fields.length + 2;
  const records: CrmRecord[] = new Array(rows.length);
  for (let at = 0; at < rows.length; at++) {
    const row = rows[at];
    if (!Array.isArray(row) || row.length !== width) throw new ContractViolationError(`expected a list of ${width} values`, `${where}.rows[${at}]`);
    const id = json.nonEmptyString(row[0], `${where}.rows[${at}][0]`);
    const version = json.optionalString(row[1], `${where}.rows[${at}][1]`);
    const values: Record<string, FieldValue> = {};
    for (let column = 0; column < fields.length; column++) values[fields[column]] = row[column + 2] as FieldValue;
    const missing = absent?.[at];
    if (missing !== undefined) {
      for (const column of json.array(missing, `${where}.absent.${at}`)) {
        const name = fields[json.count(column, `${where}.absent.${at}[]`)];
        if (name === undefined) throw new ContractViolationError(`no field ${String(column)}`, `${where}.absent.${at}`);
        delete values[name];
      }
    }
    records[at] = version === undefined ? { entity, id, fields: values } : { entity, id, version, fields: values };
  }
  return records;
}
