import type { CrmRecord } from '@fieldsync/model';

/**
 * A page's records as columns (`RecordPage.table`): the field names once, then one array per record,
 * `[id, version or null, ...values in the order of fields]`. `fields` is every field any record
 * carries; a field a record does not carry (not null: absent) is listed in `absent` under the record's
 * index. Half the JSON text of one object per record, and faster to write and read on both sides
 * (decision 157).
 */
export interface RecordTable {
  readonly fields: readonly string[];
  readonly rows: readonly unknown[][];
  /** Record index → indexes in `fields` of the fields that record does not carry; absent when every record carries all. */
  readonly absent?: Readonly<Record<string, readonly number[]>>;
}

/** The records of a page as a {@link RecordTable}. */
export function toRecordTable(records: readonly CrmRecord[]): RecordTable {
  const index = new Map<string, number>();
  const fields: string[] = [];
  for (const record of records) {
    for (const name in record.fields) {
      if (!index.has(name)) {
        index.set(name, fields.length);
        fields.push(name);
      }
    }
  }
  const width = fields.length;
  const rows: unknown[][] = new Array(records.length);
  let absent: Record<string, number[]> | undefined;
  for (let at = 0; at < records.length; at++) {
    const record = records[at];
    const row: unknown[] = new Array(width + 2);
    row[0] = record.id;
    row[1] = record.version ?? null;
    const values = record.fields;
    for (let column = 0; column < width; column++) {
      const value = values[fields[column]];
      if (value === undefined) {
        row[column + 2] = null;
        if (!(fields[column] in values)) ((absent ??= {})[at] ??= []).push(column);
      } else row[column + 2] = value;
    }
    rows[at] = row;
  }
  return absent ? { fields, rows, absent } : { fields, rows };
}
