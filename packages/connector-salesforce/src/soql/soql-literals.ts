import { soqlString } from '@fieldsync/model';

/** A SOQL datetime literal (UTC, no quotes), e.g. `2026-11-22T09:30:00.123Z`. */
export function soqlDateTime(iso: string): string {
  return new Date(Date.parse(iso)).toISOString();
}

/** A quoted SOQL id literal; an id with other characters than letters, digits and dashes is refused. */
export function soqlId(id: string): string {
  if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) throw new TypeError(`not a record id: ${JSON.stringify(id)}`);
  return soqlString(id);
}
