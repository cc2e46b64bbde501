import { ContractViolationError } from '@fieldsync/connector-api';
import type { DataverseRecord } from '../schema/convert-record';

/** An entity set answer page: rows, and the link to the next page or (change tracking, last page) the delta link. */
export interface ODataPage {
  readonly value: readonly DataverseRecord[];
  readonly nextLink?: string;
  readonly deltaLink?: string;
  readonly count?: number;
}

/** Reads an entity set answer's JSON text into an {@link ODataPage}. Throws `ContractViolationError` at `where`. */
export function readODataPage(text: string, where: string): ODataPage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ContractViolationError('the answer is not JSON', where);
  }
  const page = parsed as Record<string, unknown>;
  if (typeof page !== 'object' || page === null || !Array.isArray(page.value)) throw new ContractViolationError('the answer has no value array', where);
  const link = (name: string): string | undefined => {
    const value = page[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new ContractViolationError(`${name} is not a link`, where);
    return value;
  };
  const count = page['@odata.count'];
  return {
    value: page.value as DataverseRecord[],
    ...(link('@odata.nextLink') ? { nextLink: link('@odata.nextLink') } : {}),
    ...(link('@odata.deltaLink') ? { deltaLink: link('@odata.deltaLink') } : {}),
    ...(typeof count === 'number' ? { count } : {}),
  };
}

/** A change-tracking row that reports a deleted record (`$deletedEntity`), with its id; else undefined. */
export function deletedRowId(row: DataverseRecord): string | undefined {
  const context = row['@odata.context'];
  const deleted = (typeof context === 'string' && context.includes('$deletedEntity')) || row.reason === 'deleted';
  return deleted && typeof row.id === 'string' ? row.id.toLowerCase() : undefined;
}
