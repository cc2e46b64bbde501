import type { CrmRecord, FieldSchema } from '@fieldsync/model';
import type { ODataComparisonOperator, ODataFilter } from '../odata/odata-filter-ast';
import { queryError } from './dataverse-api-error';

/** The row version every Dataverse table has (a database-wide rowversion, as a number). */
export const VERSION_NUMBER = 'versionnumber';

/**
 * `versionnumber` as the emulator serves it: readable in `$select`, comparable in `$filter`, sortable
 * in `$orderby`, valued from the crm-store row version. Not a crm-store field, so it is neither listed
 * in the attribute metadata nor stored.
 */
export const versionNumberField: FieldSchema = { name: VERSION_NUMBER, type: 'int', readOnly: true };

/** The version of a record as `versionnumber`. */
export function versionNumberOf(record: CrmRecord): number {
  return Number(record.version ?? 0);
}

/** A top-level `versionnumber <op> <number>` condition of a `$filter`. */
export interface VersionCondition {
  readonly operator: ODataComparisonOperator;
  readonly value: number;
}

function mentionsVersion(filter: ODataFilter): boolean {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return mentionsVersion(filter.left) || mentionsVersion(filter.right);
    case 'not':
      return mentionsVersion(filter.operand);
    case 'compare':
    case 'stringFunction':
      return filter.property.segments.length === 1 && filter.property.segments[0] === VERSION_NUMBER;
    default:
      return false;
  }
}

/**
 * Takes the `versionnumber` comparisons out of a `$filter`'s top-level `and`s: the store filters the
 * rest in SQL, the emulator the versions. A comparison under `or` or `not` is refused (the emulator
 * compares row versions only as a conjunct, which is how incremental readers use them).
 */
export function splitVersionConditions(filter: ODataFilter): { rest?: ODataFilter; conditions: VersionCondition[] } {
  if (filter.kind === 'and') {
    const left = splitVersionConditions(filter.left);
    const right = splitVersionConditions(filter.right);
    const rest = left.rest && right.rest ? { kind: 'and' as const, left: left.rest, right: right.rest } : (left.rest ?? right.rest);
    return { ...(rest ? { rest } : {}), conditions: [...left.conditions, ...right.conditions] };
  }
  if (filter.kind === 'compare' && filter.property.segments.length === 1 && filter.property.segments[0] === VERSION_NUMBER) {
    if (filter.value.type !== 'number') throw queryError(`The value of a comparison with '${VERSION_NUMBER}' must be a number.`);
    return { conditions: [{ operator: filter.operator, value: filter.value.value }] };
  }
  if (mentionsVersion(filter)) throw queryError(`'${VERSION_NUMBER}' can only be compared in a top-level 'and' of the filter.`);
  return { rest: filter, conditions: [] };
}

/** Whether a record's row version passes every condition. */
export function matchesVersion(record: CrmRecord, conditions: readonly VersionCondition[]): boolean {
  const version = versionNumberOf(record);
  return conditions.every(({ operator, value }) => {
    switch (operator) {
      case 'eq':
        return version === value;
      case 'ne':
        return version !== value;
      case 'gt':
        return version > value;
      case 'ge':
        return version >= value;
      case 'lt':
        return version < value;
      case 'le':
        return version <= value;
    }
  });
}
