import { soqlDateTime, soqlId } from './soql-literals';
import type { ModstampCursor } from '../anchor/salesforce-anchor';

/** The parts of one SELECT the connector sends. */
export interface QueryParts {
  readonly select: readonly string[];
  readonly from: string;
  /** Conditions joined with AND; empty ones are left out. */
  readonly where?: readonly (string | undefined)[];
  readonly orderBy?: string;
  readonly limit?: number;
}

/** Writes a SOQL SELECT; conditions are each wrapped in parentheses so AND binds as meant. */
export function buildQuery(parts: QueryParts): string {
  const conditions = (parts.where ?? []).filter((condition): condition is string => typeof condition === 'string' && condition.length > 0);
  return [
    `SELECT ${parts.select.join(', ')} FROM ${parts.from}`,
    conditions.length === 0 ? '' : ` WHERE ${conditions.map((condition) => `(${condition})`).join(' AND ')}`,
    parts.orderBy ? ` ORDER BY ${parts.orderBy}` : '',
    parts.limit === undefined ? '' : ` LIMIT ${parts.limit}`,
  ].join('');
}

/**
 * The condition of an incremental page: records after `cursor` in `ORDER BY SystemModstamp, Id`, so
 * records sharing a SystemModstamp across a page boundary are neither lost nor read twice.
 */
export function afterModstamp(cursor: ModstampCursor): string {
  const ts = soqlDateTime(cursor.ts);
  return `SystemModstamp > ${ts} OR (SystemModstamp = ${ts} AND Id > ${soqlId(cursor.id)})`;
}

/** Records modified at or after `since` (the first page of an incremental read). */
export function modstampFrom(since: string): string {
  return `SystemModstamp >= ${soqlDateTime(since)}`;
}
